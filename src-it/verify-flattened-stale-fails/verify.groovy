import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.summary.failed == true

def com = report.domains.find { it.domain == 'example.com' }
def stale = com.findings.findAll { it.checkId == 'SPF-FLATTENED-STALE' }
assert stale.size() == 1: com.findings
def f = stale[0]
assert f.severity == 'error' && f.kind == 'drift' && f.protocol == 'spf'
assert f.subject == 'example.com TXT'

// the networks the provider added, with the include they come from, and the one it dropped
assert f.message.contains('198.51.100.128/25 (include:_spf.vendor.example)'): f.message
assert f.message.contains('2001:db8:5::/48 (include:_spf.vendor.example)'): f.message
assert f.message.contains('no longer authorise 192.0.2.128/27'): f.message

// expected is today's flattened record, actual the published one; the fix lists what to publish
assert f.expected == 'v=spf1 ip4:192.0.2.10 ip4:198.51.100.0/24 ip6:2001:db8:5::/48 -all'
assert f.actual == 'v=spf1 ip4:192.0.2.10 ip4:192.0.2.128/27 ip4:198.51.100.0/25 -all'
assert f.remediation.contains('example.com TXT "v=spf1 ip4:192.0.2.10 ip4:198.51.100.0/24 ip6:2001:db8:5::/48 -all"')

// the finding points at the flatten key of the policy
assert f.location.file.endsWith('emailauth.yaml') && f.location.line == 11

// a flattened record is compared by meaning, not term by term
assert !com.findings.any { it.checkId == 'SPF-DRIFT' }: com.findings
return true
