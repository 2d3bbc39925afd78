import groovy.json.JsonSlurper

def out = new File(basedir, 'target/emailauth')

def com = new File(out, 'zone/example.com.zone').text
assert com =~ /(?m)^_dmarc\.example\.com\.\s+\d+\s+IN\s+TXT\s+"v=DMARC1; p=reject;[^\n]*sp=quarantine/
assert com =~ /(?m)^_dmarc\.example\.com\.[^\n]*adkim=s/
assert com =~ /(?m)^_dmarc\.example\.com\.[^\n]*rua=mailto:dmarc@example\.com/
assert com =~ /(?m)^example\.com\.\s+\d+\s+IN\s+MX\s+10 mx1\.example\.com\.$/
assert com =~ /(?m)^example\.com\.\s+\d+\s+IN\s+MX\s+20 mx2\.example\.com\.$/

// parked: null MX, v=spf1 -all and p=reject
def org = new File(out, 'zone/example.org.zone').text
assert org =~ /(?m)^example\.org\.\s+\d+\s+IN\s+MX\s+0 \.$/
assert org =~ /(?m)^example\.org\.\s+\d+\s+IN\s+TXT\s+"v=spf1 -all"$/
assert org =~ /(?m)^_dmarc\.example\.org\.\s+\d+\s+IN\s+TXT\s+"v=DMARC1; p=reject/

def records = new JsonSlurper().parse(new File(out, 'records.json'))
def list = records instanceof Map ? records.records : records
def dmarc = list.find { it.name == '_dmarc.example.com' && it.type == 'TXT' }
assert dmarc != null && dmarc.ttl > 0 && dmarc.value.startsWith('v=DMARC1; p=reject')
assert list.findAll { it.name == 'example.com' && it.type == 'MX' }*.value as Set ==
    ['10 mx1.example.com.', '20 mx2.example.com.'] as Set
assert list.any { it.name == 'example.org' && it.type == 'MX' && it.value == '0 .' }
assert list.any { it.name == 'example.org' && it.type == 'TXT' && it.value == 'v=spf1 -all' }

// deterministic: a second run writes the same bytes
def again = new File(basedir, 'target/again')
['zone/example.com.zone', 'zone/example.org.zone', 'records.json'].each { f ->
  assert new File(out, f).bytes == new File(again, f).bytes: f
}
return true
