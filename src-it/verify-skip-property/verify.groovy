// skipped: the broken policy was not read (the build passed) and nothing was written
assert !new File(basedir, 'target/emailauth').exists()
assert new File(basedir, 'build.log').text.contains('emailauth: skipped')
return true
