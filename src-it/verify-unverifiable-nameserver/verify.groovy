import groovy.json.JsonSlurper

def lenient = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
def strict = new JsonSlurper().parse(new File(basedir, 'target/strict/report.json'))

[lenient, strict].each { report ->
  assert report.summary.domains == 2
  assert report.summary.unverifiable > 0
  def findings = report.domains.collectMany { it.findings }
  assert findings.any { it.kind == 'unverifiable' }: findings
  // a server that does not answer says nothing about the zone: never missing, never drift
  assert findings.every { it.kind == 'unverifiable' || it.kind == 'weak' }: findings
  def dmarc = findings.find { it.protocol == 'dmarc' && it.kind == 'unverifiable' }
  assert dmarc != null && dmarc.subject.startsWith('_dmarc.')
  assert report.domains.every { d -> d.findings.any { it.kind == 'unverifiable' } }
}
assert lenient.summary.failed == false
assert strict.summary.failed == true
return true
