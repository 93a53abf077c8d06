package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // CAS shows the SHA-1 fingerprint; nothing is secured by it
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Synthetic certificates (Options.SyntheticCertificates) fill the account
// with as many valid certificates as a load test or benchmark needs, beside
// the samples: `terraform query` of 10,000 certificates lists them all.
// Each is a real certificate, signed by a CA made once per process for
// them, all sharing one leaf key (generating keys is what is slow). What CAS
// shows of a certificate (fingerprints, serial, dates, names) is read from
// its DER, made with the account; its PEM and chain are made from the DER
// only when GetUserCertificateDetail asks, so each holds about a kilobyte.

// MaxSyntheticCertificates bounds Options.SyntheticCertificates: making
// each takes a signature, about 0.1 ms of CPU.
const MaxSyntheticCertificates = 1_000_000

// firstSyntheticCertID is the ID of synthetic certificate 1, far from the
// samples' and from those uploads are given.
const firstSyntheticCertID = 40_000_000

// syntheticIssuer signs synthetic certificates.
type syntheticIssuer struct {
	ca      *x509.Certificate
	caKey   *ecdsa.PrivateKey
	caPEM   string
	leafKey *ecdsa.PrivateKey
	keyPEM  string // of leafKey, PKCS #8
}

var newSyntheticIssuer = sync.OnceValues(func() (*syntheticIssuer, error) {
	start := time.Now().Truncate(time.Second)
	ca, caKey, caPEM, err := newCA(pkix.Name{CommonName: "Alicas Emulator Synthetic CA", Organization: []string{"alicas emulator"}},
		start.Add(-800*day), start.Add(800*day))
	if err != nil {
		return nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		return nil, err
	}
	return &syntheticIssuer{ca: ca, caKey: caKey, caPEM: string(caPEM),
		leafKey: leafKey, keyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))}, nil
})

// syntheticCertificates are certificates 1..n, valid at now: they end
// between 10 and 369 days after it (about one in twelve within 30 days,
// so about to expire), each after a year. Every fourth is uploaded, the
// others bought. They are signed on every core at once.
func syntheticCertificates(n int, now time.Time) ([]*certificate, error) {
	if n < 0 || n > MaxSyntheticCertificates {
		return nil, fmt.Errorf("synthetic certificates: %d is not between 0 and %d", n, MaxSyntheticCertificates)
	}
	if n == 0 {
		return nil, nil
	}
	issuer, err := newSyntheticIssuer()
	if err != nil {
		return nil, fmt.Errorf("synthetic certificates: %w", err)
	}
	certs := make([]*certificate, n)
	errs := make([]error, n)
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				certs[i], errs[i] = issuer.certificate(i+1, now)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("synthetic certificates: %w", err)
	}
	return certs, nil
}

// certificate is synthetic certificate i, what CAS shows of it read as
// parseCertificate reads an upload.
func (s *syntheticIssuer) certificate(i int, now time.Time) (*certificate, error) {
	id := int64(firstSyntheticCertID + i)
	name := fmt.Sprintf("synthetic-%d", i)
	domain := name + ".example.com"
	notAfter := now.Truncate(time.Second).Add(time.Duration(10+(i*7)%360) * day).UTC()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(id),
		Subject:      pkix.Name{CommonName: "www." + domain},
		DNSNames:     []string{"www." + domain, domain},
		NotBefore:    notAfter.Add(-365 * day),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.ca, &s.leafKey.PublicKey, s.caKey)
	if err != nil {
		return nil, fmt.Errorf("certificate %d: %w", i, err)
	}
	sha1sum := sha1.Sum(der) //nolint:gosec // a fingerprint, as CAS shows it
	sha256sum := sha256.Sum256(der)
	c := &certificate{
		id: id, name: name, certType: "DV",
		commonName: tmpl.Subject.CommonName, sans: tmpl.DNSNames,
		notBefore: tmpl.NotBefore, notAfter: tmpl.NotAfter,
		fingerprint: strings.ToUpper(hex.EncodeToString(sha1sum[:])),
		sha2:        strings.ToUpper(hex.EncodeToString(sha256sum[:])),
		issuer:      s.ca.Subject.CommonName,
		serial:      hex.EncodeToString(tmpl.SerialNumber.Bytes()),
		algorithm:   "ECC", keySize: 256,
		der: der,
	}
	if i%4 == 0 {
		c.uploaded, c.instanceID = true, fmt.Sprintf("cas-upload-%06x", i)
	} else {
		c.orderID, c.instanceID = int64(7_000_000+i), fmt.Sprintf("cas-ivauto-%06x", i)
	}
	return c, nil
}

// syntheticContent is a synthetic certificate's chain (leaf first), PEM
// (the chain's) and key, made from its DER.
func syntheticContent(der []byte) (chain []*x509.Certificate, certPEM, keyPEM string, err error) {
	issuer, err := newSyntheticIssuer()
	if err != nil {
		return nil, "", "", err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, "", "", err
	}
	certPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})) + issuer.caPEM
	return []*x509.Certificate{leaf, issuer.ca}, certPEM, issuer.keyPEM, nil
}
