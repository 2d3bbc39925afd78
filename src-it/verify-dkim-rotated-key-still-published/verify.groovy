import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.failed == true

def com = report.domains.find { it.domain == 'example.com' }
def dkim = com.findings.findAll { it.protocol == 'dkim' }
def ids = dkim*.checkId

// s2025 is declared revoked but still publishes its key
def revoked = dkim.find { it.checkId == 'DKIM-REVOKED-KEY-PUBLISHED' }
assert revoked: ids
assert revoked.severity == 'error' && revoked.kind == 'drift'
assert revoked.subject == 's2025._domainkey.example.com TXT'
assert revoked.expected == 'v=DKIM1; p='
assert revoked.actual.startsWith('v=DKIM1; k=rsa; p=MIIB')
assert revoked.message.contains('RSA 2048-bit') && revoked.message.contains('sha256:')
assert revoked.location.file.endsWith('emailauth.yaml') && revoked.location.line == 8

// s2023 was to be retired after 2024-01-31 and is still published
def retired = dkim.find { it.checkId == 'DKIM-RETIRED-KEY-PUBLISHED' }
assert retired: ids
assert retired.severity == 'error' && retired.kind == 'drift'
assert retired.subject == 's2023._domainkey.example.com TXT'
assert retired.message.contains('2024-01-31')
assert retired.location.line == 12

// the current key equals its key file and s2024 was revoked properly: nothing else about DKIM
assert ids.sort() == ['DKIM-RETIRED-KEY-PUBLISHED', 'DKIM-REVOKED-KEY-PUBLISHED']: dkim
return true
