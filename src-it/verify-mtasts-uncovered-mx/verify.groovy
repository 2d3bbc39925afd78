import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.failed == true

def com = report.domains.find { it.domain == 'example.com' }
def ids = com.findings*.checkId as Set

def uncovered = com.findings.findAll { it.checkId == 'MTASTS-MX-UNCOVERED' }
assert uncovered.size() == 1: com.findings
def f = uncovered[0]
assert f.severity == 'error' && f.kind == 'invalid' && f.protocol == 'mtasts'
assert f.expected == 'mx2.example.com' && f.message.contains('mx2.example.com'): f.message
assert f.message.contains('declared policy'): f.message
assert f.remediation.contains('mx: mx2.example.com')
// it points at the mx list in the policy file
assert f.location.file.endsWith('emailauth.yaml') && f.location.line == 6: f.location

// mx1 is covered, the published id matches the declaration, and the record is there
assert !com.findings.any { it.checkId == 'MTASTS-MX-UNCOVERED' && it.expected == 'mx1.example.com' }
assert !ids.contains('MTASTS-RECORD-MISSING'): ids
assert !ids.contains('MTASTS-ID-DRIFT'): ids
// the policy host is absent from the zone: reported as such, never as a network guess
assert ids.contains('MTASTS-POLICY-HOST-MISSING'): ids
return true
