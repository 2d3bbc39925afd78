// explain's output is its product, so this test reads the log (the build writes no report).
def log = new File(basedir, 'build.log').text

assert log.contains('SPF check_host(192.0.2.1, example.com, postmaster@example.com) with HELO example.com')
assert log =~ /result: softfail \(/
assert log.contains('path: example.com ~all')
// 3 DNS-querying terms: mx, a, include (the include's own include makes 4); relay is a void lookup
assert log.contains('lookups: 4 of 10 DNS-querying terms, 1 of 2 void lookups')

// each term with the running lookup count, each lookup with its answer, each level's result
assert log.contains('mx  [lookup 1/10]')
assert log.contains('? example.com MX -> 10 mx1.example.com.')
assert log.contains('? mx1.example.com A -> 192.0.2.25')
assert log.contains('a:relay.example.com  [lookup 2/10]')
assert log =~ /\? relay\.example\.com A -> NXDOMAIN  \[void 1\]/
assert log.contains('include:_spf.vendor.example  [lookup 3/10]')
assert log.contains('include:_netblocks.vendor.example  [lookup 4/10]')
assert log.contains('? _netblocks.vendor.example TXT -> "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:5::/48 -all"')
assert log.contains('=> _netblocks.vendor.example: fail')
assert log.contains('=> _spf.vendor.example: softfail')
assert log.contains('=> example.com: softfail (matched ~all in example.com)')

// the result is information, not a finding: no report, no failure
assert !new File(basedir, 'target/emailauth/report.json').exists()
assert log.contains('BUILD SUCCESS')
return true
