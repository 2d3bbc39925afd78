import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.failed == true

def com = report.domains.find { it.domain == 'example.com' }
def limit = com.findings.find { it.checkId == 'SPF-LOOKUP-LIMIT' }
assert limit != null: com.findings*.checkId
assert limit.severity == 'error' && limit.protocol == 'spf'
// the message counts the lookups and names the includes that cost them
assert limit.message.contains('13'): limit.message
assert limit.message.contains('_spf.mailer.example.com'): limit.message
assert limit.message.contains('_spf.crm.example.com'): limit.message
// the fix says how to get under 10: flatten, or the include whose networks would do it; the CRM
// include cannot become networks (its records use exists)
assert limit.remediation.contains('set flatten: true under spf: of example.com'): limit.remediation
assert limit.remediation.contains('replace include:_spf.mailer.example.com (6 lookups) by the ip4/ip6 networks'): limit.remediation
assert limit.remediation.contains('include:_spf.crm.example.com would stay as written'): limit.remediation
// the record itself is as declared: the failure is the limit, not drift
assert !com.findings.any { it.checkId == 'SPF-DRIFT' }: com.findings
return true
