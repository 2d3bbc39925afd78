import groovy.json.JsonSlurper

assert !new File(basedir, 'pom.xml').exists()
// without a project the output still lands in ./target/emailauth
def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.summary.domains == 2
assert report.summary.failed == false
assert report.summary.unverifiable == 0
return true
