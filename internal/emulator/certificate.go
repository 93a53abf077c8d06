package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // CAS shows the SHA-1 fingerprint; nothing is secured by it
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// certificate is one certificate of the account, bought or uploaded, with
// what CAS shows of it read from its PEM.
type certificate struct {
	id                  int64
	name, instanceID    string
	uploaded, revoked   bool
	certType            string // DV, OV, EV (bought); DV for uploads
	orderID             int64  // bought only
	commonName          string
	sans                []string
	notBefore, notAfter time.Time
	fingerprint, sha2   string // SHA-1 and SHA-256 of the DER, upper-case hex
	issuer, serial      string
	algorithm           string // RSA or ECC
	keySize             int
	chain               []*x509.Certificate // leaf first
	certPEM, keyPEM     string
	der                 []byte // a synthetic certificate's leaf: chain and PEM are made from it when asked
	orgName, country    string
	province, city      string
}

// content is the certificate's chain (leaf first), PEM and private key.
func (c *certificate) content() (chain []*x509.Certificate, certPEM, keyPEM string, err error) {
	if c.der != nil {
		return syntheticContent(c.der)
	}
	return c.chain, c.certPEM, c.keyPEM, nil
}

// The statuses CAS gives a certificate, by when it expires.
const willExpireWithin = 30 * 24 * time.Hour

// state is ISSUED, WILLEXPIRED, EXPIRED or REVOKED, as ListUserCertificateOrder filters.
func (c *certificate) state(now time.Time) string {
	switch {
	case c.revoked:
		return "REVOKED"
	case !c.notAfter.After(now):
		return "EXPIRED"
	case c.notAfter.Sub(now) <= willExpireWithin:
		return "WILLEXPIRED"
	}
	return "ISSUED"
}

// statusCode is the certificate's StatusCode in ListDeploymentJobCert.
func (c *certificate) statusCode(now time.Time) string {
	if c.uploaded {
		return "upload"
	}
	switch c.state(now) {
	case "REVOKED":
		return "revoked"
	case "EXPIRED":
		return "expired"
	case "WILLEXPIRED":
		return "willExpired"
	}
	return "issued"
}

func (c *certificate) orderType() string {
	if c.uploaded {
		return "upload"
	}
	return "buy"
}

// covers reports whether any name of the certificate matches host.
func (c *certificate) covers(host string) bool {
	if covers(c.commonName, host) {
		return true
	}
	for _, n := range c.sans {
		if covers(n, host) {
			return true
		}
	}
	return false
}

func (c *certificate) binding() binding {
	return binding{certID: c.id, certName: c.name, certStartTime: ms(c.notBefore), certEndTime: ms(c.notAfter)}
}

// months is the validity period in whole months, as CAS's Month shows it.
func (c *certificate) months() int {
	return int(c.notAfter.Sub(c.notBefore).Hours()/24/30 + 0.5)
}

// parseCertificate reads an uploaded certificate chain and its private key
// as CAS does: the key must be the leaf's. RSA and ECDSA keys only.
func parseCertificate(certPEM, keyPEM string) (*certificate, error) {
	c, err := readChain(certPEM)
	if err != nil {
		return nil, err
	}
	key, err := parsePrivateKey(keyPEM)
	if err != nil {
		return nil, err
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(c.chain[0].PublicKey) {
		return nil, refKeyMismatch.with()
	}
	c.keyPEM = keyPEM
	return c, nil
}

// readChain reads a certificate chain, leaf first, as CAS shows it; without
// a private key.
func readChain(certPEM string) (*certificate, error) {
	var chain []*x509.Certificate
	rest := []byte(certPEM)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, notPEM("Cert", "a certificate", fmt.Errorf("found a %q block", block.Type))
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			if strings.Contains(err.Error(), "unsupported") || strings.Contains(err.Error(), "unknown") {
				return nil, refUnsupported.with(err)
			}
			return nil, notPEM("Cert", "a certificate", err)
		}
		chain = append(chain, c)
	}
	if len(chain) == 0 {
		return nil, notPEM("Cert", "a certificate", errors.New("no CERTIFICATE block"))
	}
	leaf := chain[0]
	algorithm, size := "", 0
	switch pub := leaf.PublicKey.(type) {
	case *rsa.PublicKey:
		algorithm, size = "RSA", pub.N.BitLen()
	case *ecdsa.PublicKey:
		algorithm, size = "ECC", pub.Curve.Params().BitSize
	default:
		return nil, refUnsupported.with(fmt.Sprintf("the certificate's key is %T", leaf.PublicKey))
	}
	sha1sum := sha1.Sum(leaf.Raw) //nolint:gosec // a fingerprint, as CAS shows it
	sha256sum := sha256.Sum256(leaf.Raw)
	issuer := leaf.Issuer.CommonName
	if issuer == "" && len(leaf.Issuer.Organization) > 0 {
		issuer = leaf.Issuer.Organization[0]
	}
	c := &certificate{
		commonName:  leaf.Subject.CommonName,
		sans:        append([]string{}, leaf.DNSNames...),
		notBefore:   leaf.NotBefore,
		notAfter:    leaf.NotAfter,
		fingerprint: strings.ToUpper(hex.EncodeToString(sha1sum[:])),
		sha2:        strings.ToUpper(hex.EncodeToString(sha256sum[:])),
		issuer:      issuer,
		serial:      hex.EncodeToString(leaf.SerialNumber.Bytes()),
		algorithm:   algorithm,
		keySize:     size,
		chain:       chain,
		certPEM:     certPEM,
		certType:    "DV",
	}
	for _, ip := range leaf.IPAddresses {
		c.sans = append(c.sans, ip.String())
	}
	s := leaf.Subject
	c.orgName, c.country, c.province, c.city = first(s.Organization), first(s.Country), first(s.Province), first(s.Locality)
	return c, nil
}

func parsePrivateKey(keyPEM string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, notPEM("Key", "a private key", errors.New("no PEM block"))
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, notPEM("Key", "a private key", fmt.Errorf("found a %q block", block.Type))
	}
	if err != nil {
		if strings.Contains(err.Error(), "unknown") || strings.Contains(err.Error(), "unsupported") {
			return nil, refUnsupported.with(err)
		}
		return nil, notPEM("Key", "a private key", err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	}
	return nil, refUnsupported.with(fmt.Sprintf("the private key is %T", key))
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// pemText is DER as a PEM CERTIFICATE block.
func pemText(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// parseCSR reads a PEM certificate request with a valid signature.
func parseCSR(text string) (*x509.CertificateRequest, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil || (block.Type != "CERTIFICATE REQUEST" && block.Type != "NEW CERTIFICATE REQUEST") {
		return nil, notPEM("Csr", "a certificate request", errors.New("no CERTIFICATE REQUEST block"))
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err == nil {
		err = csr.CheckSignature()
	}
	if err != nil {
		return nil, notPEM("Csr", "a certificate request", err)
	}
	switch csr.PublicKey.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
	default:
		return nil, refUnsupported.with(fmt.Sprintf("the request's key is %T", csr.PublicKey))
	}
	return csr, nil
}

// csrNames are the names a request asks for, its common name first.
func csrNames(csr *x509.CertificateRequest) []string {
	var names []string
	if cn := strings.ToLower(csr.Subject.CommonName); cn != "" {
		names = append(names, cn)
	}
	for _, n := range csr.DNSNames {
		names = appendNew(names, strings.ToLower(n))
	}
	return names
}
