package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// accountSeed is what an account starts with.
type accountSeed struct {
	certificates []*certificate
	resources    []*cloudResource
	contacts     []*contact
	instances    []*instance
}

// authority is the throwaway CA that signs the default account's
// certificates and those its applications issue.
type authority struct {
	start time.Time // when it was made: the samples' validity is relative to it
	cert  *x509.Certificate
	pem   string
	key   crypto.Signer
}

// emulatorCA is made the first time an account is created in this process
// (no private key is checked in).
var emulatorCA = sync.OnceValues(func() (*authority, error) {
	start := time.Now().Truncate(time.Second)
	ca, caKey, caPEM, err := newCA(pkix.Name{CommonName: "Alicas Emulator Sample CA", Organization: []string{"alicas emulator"}},
		start.Add(-800*day), start.Add(800*day))
	if err != nil {
		return nil, err
	}
	return &authority{start: start, cert: ca, pem: string(caPEM), key: caKey}, nil
})

// issue signs tmpl for key's public half and reads the result as the
// account keeps certificates, the CA in its chain and key as its private key.
func (ca *authority) issue(tmpl *x509.Certificate, key crypto.Signer) (*certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})) + ca.pem
	return parseCertificate(certPEM, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})))
}

const day = 24 * time.Hour

// sampleCertificates are the default account's certificates, bought and
// uploaded, with real PEM made by a throwaway CA the first time an account
// is created in this process (no private key is checked in). Validity is
// relative to that moment, so each status (valid, expiring, expired) holds
// whenever the emulator runs. Certificates never change once made, so
// accounts share them.
var sampleCertificates = sync.OnceValues(func() ([]*certificate, error) {
	ca, err := emulatorCA()
	if err != nil {
		return nil, err
	}
	start := ca.start
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048) // one RSA key for the RSA samples: generating is slow
	if err != nil {
		return nil, err
	}

	type sample struct {
		id                 int64
		name, instanceID   string
		rsa, uploaded      bool
		revoked            bool
		certType           string
		orderID            int64
		names              []string // first is the common name
		validFrom, validTo time.Duration
	}
	samples := []sample{
		{11174100, "example.com-2026", "cas-ivauto-2crxzi", true, false, false, "OV", 6127001,
			[]string{"www.example.com", "example.com", "api.example.com", "static.example.com"}, -90 * day, 275 * day},
		{11174101, "shop.example.com", "cas-ivauto-7hm3qa", false, false, false, "DV", 6127002,
			[]string{"shop.example.com", "*.shop.example.com"}, -345 * day, 20 * day},
		{11174102, "legacy-api (uploaded)", "cas-upload-k2v9xd", true, true, false, "DV", 0,
			[]string{"legacy.example.net"}, -30 * day, 335 * day},
		{11174105, "www.example.com-2025-revoked", "cas-ivauto-r3v0k3", false, false, true, "DV", 6127005,
			[]string{"www.example.com"}, -60 * day, 305 * day},
		{11174106, "wildcard-example-io", "cas-upload-w1ld10", false, true, false, "DV", 0,
			[]string{"*.example.io", "example.io"}, -10 * day, 355 * day},
		{20010001, "blog.example.org", "cas-ivauto-b10g01", false, false, false, "DV", 6127009,
			[]string{"blog.example.org"}, -375 * day, -10 * day},
	}
	var certs []*certificate
	for i, s := range samples {
		var key crypto.Signer = rsaKey
		if !s.rsa {
			if key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
				return nil, err
			}
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(0x5a11ce00 + i)),
			Subject: pkix.Name{CommonName: s.names[0], Organization: []string{"Example Ltd"},
				Country: []string{"CN"}, Province: []string{"Zhejiang"}, Locality: []string{"Hangzhou"}},
			DNSNames:    s.names,
			NotBefore:   start.Add(s.validFrom),
			NotAfter:    start.Add(s.validTo),
			KeyUsage:    x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		c, err := ca.issue(tmpl, key)
		if err != nil {
			return nil, fmt.Errorf("sample certificate %s: %w", s.name, err)
		}
		c.id, c.name, c.instanceID = s.id, s.name, s.instanceID
		c.uploaded, c.revoked, c.certType, c.orderID = s.uploaded, s.revoked, s.certType, s.orderID
		certs = append(certs, c)
	}
	return certs, nil
})

// defaultSeed is the default account: the sample certificates, cloud
// resources of eight Alibaba Cloud products (most with HTTPS enabled, some
// not; domains the samples cover and some they don't; one without a
// domain) and one of Tencent Cloud, three contacts and no other cloud's key. Resources 20979-20984 are the ones fixture job 8888 shows.
func defaultSeed() (accountSeed, error) {
	certs, err := sampleCertificates()
	if err != nil {
		return accountSeed{}, fmt.Errorf("sample certificates: %w", err)
	}
	byID := map[int64]*certificate{}
	for _, c := range certs {
		byID[c.id] = c
	}
	created := time.UnixMilli(1772443200000)
	res := func(id int64, product, region, domain string, https bool, certID int64) *cloudResource {
		r := &cloudResource{id: id, cloudName: "aliyun", product: product, region: region, domain: domain,
			httpsEnabled: https, status: "online", created: created, modified: created}
		if c := byID[certID]; c != nil {
			r.binding = c.binding()
		}
		return r
	}
	listener := func(r *cloudResource, instanceID, port string, isDefault bool) *cloudResource {
		r.instanceID, r.listenerID, r.listenerPort, r.defaultResource = instanceID, "lsn-"+instanceID+"@"+port, port, isDefault
		return r
	}
	other := func(r *cloudResource, cloud string) *cloudResource {
		r.cloudName = cloud
		return r
	}
	ca, err := emulatorCA()
	if err != nil {
		return accountSeed{}, err
	}
	seed := accountSeed{
		instances:    defaultInstances(ca.start),
		certificates: certs,
		resources: []*cloudResource{
			res(20979, "CDN", "cn-hangzhou", "www.example.com", true, 11174100),
			res(20980, "CDN", "cn-hangzhou", "static.example.com", true, 11174100),
			listener(res(20981, "SLB", "cn-shanghai", "shop.example.com", true, 11174101), "lb-uf6k2v9xd1shop", "443", true),
			listener(res(20982, "ALB", "cn-shanghai", "api.shop.example.com", true, 11174101), "alb-7hm3qa0shopapi", "443", false),
			res(20983, "WAF", "cn-hangzhou", "legacy.example.net", true, 11174102),
			res(20984, "DCDN", "cn-beijing", "gov.example.cn", true, 0),                               // its SM2 certificate is not modelled: no sample covers it
			listener(res(22001, "NLB", "cn-hangzhou", "", true, 0), "nlb-m4il0xsample", "993", false), // no domain: every certificate
			res(22002, "OSS", "cn-shenzhen", "blog.example.org", false, 20010001),                     // HTTPS off
			res(22003, "LIVE", "cn-shanghai", "live.example.com", true, 0),                            // no sample covers it
			res(22004, "CDN", "cn-hangzhou", "api.example.com", false, 0),                             // covered, HTTPS off
			listener(res(22005, "ALB", "cn-hangzhou", "www.example.io", true, 0), "alb-w1ld10sample", "443", true),
			res(22006, "WAF", "cn-hangzhou", "m.shop.example.com", true, 0),
			other(res(22007, "TencentCDN", "ap-guangzhou", "cdn.example.io", true, 0), "Tencent"), // needs a stored Tencent key
		},
		contacts: []*contact{
			{id: 3304, name: "Li Wei", email: "ops@example.com", mobile: "13900000000", emailVerified: true, mobileVerified: true},
			{id: 3317, name: "王芳", email: "security@example.com", mobile: "13812345521", emailVerified: true},
			{id: 3320, name: "On-call bot", email: "oncall@example.com", mobile: "13712342046",
				webhooks: []string{"https://open.feishu.cn/open-apis/bot/v2/hook/00000000-emulator"}},
		},
	}
	return seed, nil
}
