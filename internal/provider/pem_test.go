package provider

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // fingerprints, as CAS shows them
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Certificates for tests, made here and now: none is checked in.

// testCA is the issuer of every test certificate, made once per process.
var testCA = sync.OnceValues(func() (*x509.Certificate, crypto.Signer) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err) // the system's random source failed: nothing can run
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Alicas Test CA"},
		NotBefore: time.Now().Add(-1000 * 24 * time.Hour), NotAfter: time.Now().Add(1000 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return ca, key
})

var testSerial atomic.Int64

// testCert is a certificate signed by testCA and its key, in PEM.
type testCert struct {
	cert  string // leaf, then testCA
	key   string // PKCS#8
	leaf  *x509.Certificate
	chain string // testCA alone
}

// newTestCert makes a certificate for names (the first is the common name),
// valid from notBefore to notAfter.
func newTestCert(t testing.TB, notBefore, notAfter time.Time, names ...string) testCert {
	t.Helper()
	ca, caKey := testCA()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x7e570000 + testSerial.Add(1)), Subject: pkix.Name{CommonName: names[0], Organization: []string{"Test Ltd"}},
		DNSNames: names, NotBefore: notBefore.Truncate(time.Second), NotAfter: notAfter.Truncate(time.Second),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	chain := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}))
	return testCert{
		cert:  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})) + chain,
		key:   string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})),
		leaf:  leaf,
		chain: chain,
	}
}

// validTestCert is a certificate for names valid from a day ago for a year.
func validTestCert(t testing.TB, names ...string) testCert {
	t.Helper()
	return newTestCert(t, time.Now().Add(-24*time.Hour), time.Now().Add(365*24*time.Hour), names...)
}

// fingerprint is the SHA-1 fingerprint of a PEM's first certificate as CAS
// shows it: upper-case hex.
func fingerprint(certPEM string) string {
	block, _ := pem.Decode([]byte(certPEM))
	sum := sha1.Sum(block.Bytes) //nolint:gosec // the fingerprint CAS shows
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// jsonText is v as JSON text.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

type errText string

func (e errText) Error() string { return string(e) }
