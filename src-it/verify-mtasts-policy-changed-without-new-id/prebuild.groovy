import io.github.emailauth.checks.testing.TestCa
import io.github.emailauth.checks.testing.TestHttpsServer

// The policy host, deployed as the operator did: the new policy file (mx2 added) is live at
// https://mta-sts.example.com/.well-known/mta-sts.txt, with a certificate from a CA made here.
// The zone file points mta-sts.example.com at 127.0.0.1; the server's port and the CA's trust
// store reach the plugin as emailauth.mtaStsPort and emailauth.trustStore. verify.groovy closes
// the server (its threads are daemons, so a failed run cannot hold the JVM either).
def ca = TestCa.create('verify-mtasts-policy-changed-without-new-id test CA')
def target = new File(basedir, 'target')
target.mkdirs()
def trust = ca.writeTrustStore(new File(target, 'trust.p12').toPath(), TestCa.PASSWORD)

def https = TestHttpsServer.start(ca.issue('mta-sts.example.com').serverContext())
def policy = 'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\nmax_age: 1209600\r\n'
https.respond('/.well-known/mta-sts.txt', TestHttpsServer.Response.text(policy))

// passed to the invoked build as -D options (maven-invoker-plugin's pre-build user properties)
def userProperties = context.get('userProperties')
userProperties.put('emailauth.mtaStsPort', String.valueOf(https.port()))
userProperties.put('emailauth.trustStore', trust.toString())
userProperties.put('emailauth.trustStorePassword', new String(TestCa.PASSWORD))
return true
