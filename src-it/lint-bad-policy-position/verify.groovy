// The one test that reads the log: a policy error exists nowhere else, by design (no report is
// written for a policy that could not be read).
def log = new File(basedir, 'build.log').text

// every problem, not just the first, each as file:line:column: message (suggestion)
assert log =~ /emailauth\.yaml:5:7: [^\n]*`polcy`[^\n]*\(did you mean `policy`\?\)/
assert log =~ /emailauth\.yaml:9:15: [^\n]*`rejectt`[^\n]*\([^\n]*none, quarantine, reject[^\n]*\)/

// BUILD ERROR (bad input), not BUILD FAILURE (findings)
assert log.contains('MojoExecutionException')
assert !log.contains('MojoFailureException')
assert !new File(basedir, 'target/emailauth/report.json').exists()
return true
