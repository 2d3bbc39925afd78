import groovy.json.JsonSlurper
import io.github.emailauth.checks.testing.TestHttpsServer
import java.security.MessageDigest

TestHttpsServer.closeAll() // started by prebuild.groovy

// The id contract (DESIGN.md), computed here independently of the plugin: the first 20 hex
// characters of SHA-256 over the canonical policy, CRLF line endings.
def id = { String mode, List<String> mx, long maxAge ->
  def text = "version: STSv1\r\nmode: ${mode}\r\n" + mx.collect { "mx: ${it}\r\n" }.join('') + "max_age: ${maxAge}\r\n"
  MessageDigest.getInstance('SHA-256').digest(text.getBytes('US-ASCII')).encodeHex().toString().substring(0, 20)
}
def oldId = id('enforce', ['mx1.example.com'], 1209600)
def newId = id('enforce', ['mx1.example.com', 'mx2.example.com'], 1209600)
assert oldId == 'fd45f86f96fc693ca2c9' // what the zone publishes

def report = new JsonSlurper().parse(new File(basedir, 'target/emailauth/report.json'))
assert report.schemaVersion == 1
assert report.summary.failed == true

def com = report.domains.find { it.domain == 'example.com' }
def ids = com.findings*.checkId as Set

// the served policy was fetched, over HTTPS with the extra trust store, and matches the
// declaration: what is wrong is exactly that the id did not change with the content
def stale = com.findings.findAll { it.checkId == 'MTASTS-ID-STALE' }
assert stale.size() == 1: com.findings
def f = stale[0]
assert f.severity == 'error' && f.kind == 'drift' && f.protocol == 'mtasts'
assert f.subject == '_mta-sts.example.com TXT'
assert f.expected == "v=STSv1; id=${newId}".toString(): f.expected
assert f.actual == "v=STSv1; id=${oldId}".toString(): f.actual
assert f.message.contains(oldId) && f.message.contains(newId): f.message
assert f.message.contains('never fetch'): f.message
assert f.remediation == "publish _mta-sts.example.com TXT \"v=STSv1; id=${newId}\"".toString(): f.remediation
assert f.location.file.endsWith('emailauth.yaml') && f.location.line > 0

// nothing else: the fetch worked (no certificate, status or unverifiable finding), the content
// is as declared (no drift), both MX hosts are covered
def mtasts = com.findings.findAll { it.protocol == 'mtasts' }*.checkId
assert mtasts == ['MTASTS-ID-STALE']: mtasts
return true
