import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.domains == 2
assert report.summary.failed == false
assert report.summary.errors == 0
assert report.summary.unverifiable == 0
assert report.domains*.domain as Set == ['example.com', 'example.org'] as Set

def findings = report.domains.collectMany { it.findings }
assert findings.every { it.severity != 'error' }: findings
assert findings.every { it.kind != 'drift' && it.kind != 'unverifiable' }: findings

// every default format was written next to report.json
def sarif = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.sarif'))
assert sarif.version == '2.1.0'
def junit = new XmlSlurper().parse(new File(basedir, 'target/emailauth/TEST-emailauth.xml'))
assert junit.'**'.findAll { it.name() == 'testcase' }.size() >= 2
assert new File(basedir, 'target/emailauth/summary.md').text.contains('example.com')
return true
