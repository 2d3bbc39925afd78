import groovy.json.JsonSlurper
import java.security.MessageDigest

def out = new File(basedir, 'target/emailauth')

// The canonical policy and its id (DESIGN.md), computed here independently of the plugin:
// version, mode, one mx line per declared pattern in declared order, max_age, each ending in
// CRLF; the id is the first 20 hex characters of the SHA-256 of those bytes.
def policy = { String mode, List<String> mx, long maxAge ->
  "version: STSv1\r\nmode: ${mode}\r\n" + mx.collect { "mx: ${it}\r\n" }.join('') + "max_age: ${maxAge}\r\n"
}
def id = { String text ->
  MessageDigest.getInstance('SHA-256').digest(text.getBytes('US-ASCII')).encodeHex().toString().substring(0, 20)
}
def expected = [
  'example.com': policy('enforce', ['mx1.example.com', '*.mail.example.net'], 1209600),
  'example.org': policy('testing', ['mx.example.org'], 604800),
  'example.net': policy('none', [], 86400),
]
// one golden value, so a change of the contract on both sides cannot go unnoticed
assert id(expected['example.com']) == '42f0bac8a4dfeb70b3f5'

def records = new JsonSlurper().parse(new File(out, 'records.json'))
def list = records instanceof Map ? records.records : records

expected.each { domain, text ->
  // the tree: one static site per domain
  def file = new File(out, "mta-sts/${domain}/.well-known/mta-sts.txt")
  assert file.isFile(): file
  assert new String(file.bytes, 'US-ASCII') == text: "${domain}: ${new String(file.bytes, 'US-ASCII')}"

  def txt = "v=STSv1; id=${id(text)}".toString()
  def zone = new File(out, "zone/${domain}.zone").text
  assert zone =~ /(?m)^_mta-sts\.${domain.replace('.', '\\.')}\.\s+\d+\s+IN\s+TXT\s+"${txt}"$/: zone
  def sts = list.findAll { it.name == "_mta-sts.${domain}".toString() }
  assert sts.size() == 1 && sts[0].type == 'TXT' && sts[0].ttl > 0 && sts[0].value == txt: sts
}

// TLS-RPT: the domain's own rua, and the default for the others
def tlsrpt = [
  'example.com': 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt',
  'example.org': 'v=TLSRPTv1; rua=mailto:tlsrpt@reports.example.net',
  'example.net': 'v=TLSRPTv1; rua=mailto:tlsrpt@reports.example.net',
]
tlsrpt.each { domain, txt ->
  def zone = new File(out, "zone/${domain}.zone").text
  assert zone.contains("_smtp._tls.${domain}.") && zone.contains("\"${txt}\""): zone
  def rec = list.findAll { it.name == "_smtp._tls.${domain}".toString() }
  assert rec.size() == 1 && rec[0].type == 'TXT' && rec[0].value == txt: rec
}

// deterministic: a second run writes the same bytes
def again = new File(basedir, 'target/again')
(expected.keySet().collect { "mta-sts/${it}/.well-known/mta-sts.txt" } +
    expected.keySet().collect { "zone/${it}.zone" } + ['records.json']).each { f ->
  assert new File(out, f).bytes == new File(again, f).bytes: f
}
return true
