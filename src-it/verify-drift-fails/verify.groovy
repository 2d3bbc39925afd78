import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.failed == true
assert report.summary.errors >= 2

def com = report.domains.find { it.domain == 'example.com' }
def ids = com.findings*.checkId as Set
assert ids.contains('DMARC-DRIFT'): ids
assert ids.contains('MX-DRIFT'): ids

def dmarc = com.findings.find { it.checkId == 'DMARC-DRIFT' }
assert dmarc.severity == 'error' && dmarc.kind == 'drift' && dmarc.protocol == 'dmarc'
assert dmarc.subject.startsWith('_dmarc.example.com')
assert dmarc.message.contains('p')
assert dmarc.expected.contains('p=reject') && dmarc.actual.contains('p=none')
// the finding points at the declaration in the policy file
assert dmarc.location.file.endsWith('emailauth.yaml') && dmarc.location.line > 0

def mx = com.findings.find { it.checkId == 'MX-DRIFT' }
assert mx.severity == 'error' && mx.kind == 'drift' && mx.protocol == 'mx'
assert (mx.message + mx.expected + mx.actual).contains('mx3.example.com')

// the parked domain is published as declared: nothing at error
def org = report.domains.find { it.domain == 'example.org' }
assert org.findings.every { it.severity != 'error' }: org.findings
return true
