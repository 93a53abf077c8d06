package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Certificate instances (the V2 model, reference issuance-and-account.md
// §3-§5): an instance is bought (BUY) or a test one (TEST), configured with
// UpdateInstance, applied for with ApplyCertificate, validated by DNS records
// and issued a certificate of the account. How the account decides that a
// record is published is the emulator's own (ASSUMPTIONS.md 41-52): the zones
// it hosts validate by themselves, others need a record put through the
// emulator's DNS endpoint (dns.go).

// Instance statuses [reference §5.1].
const (
	instanceInactive   = "inactive"
	instancePending    = "pending"
	instanceNormal     = "normal"
	instanceWillExpire = "willExpire"
	instanceExpired    = "expired"
)

// Instance types.
const (
	instanceBuy  = "BUY"
	instanceTest = "TEST"
)

// DefaultValidationChecks is how many checks (one per job step) a pending
// application waits for its records before it fails, when
// Options.ValidationChecks is zero.
const DefaultValidationChecks = 30

// The host record and file CAS asks for.
const (
	validationPrefix = "_dnsauth"
	validationFile   = "/.well-known/pki-validation/fileauth.txt"
)

type instance struct {
	id, instanceType, brand, spec string
	certType                      string // DV, OV, EV
	fullDomains, wildcardDomains  int    // how many names of each kind it may certify
	status                        string // inactive, pending or normal; willExpire and expired follow from orderEnd
	orderStart, orderEnd          time.Time
	settings                      instanceSettings
	certID                        int64  // the latest certificate issued; 0: none yet
	pendingResult                 string // what the CA last said
	app                           *application
	applications                  int // submitted so far: seeds the validation values
}

// instanceSettings are what UpdateInstance sets and ApplyCertificate submits.
type instanceSettings struct {
	certificateName, domain, csr, generateCsrMethod string
	keyAlgorithm, validationMethod                  string
	countryCode, province, city                     string
	autoReissue, resourceGroupID                    string
	companyID                                       int64
	contactIDs                                      []int64
	tags                                            []instanceTag
}

type instanceTag struct{ key, value string }

// application is one outstanding application of an instance.
type application struct {
	names     []string // what the certificate will certify, the common name first
	records   []validationRecord
	checks    int  // made so far
	validated bool // every record passed: issued at the next step
	cancelled bool // withdrawn: settles at the next step
	due       time.Time
}

// validationRecord is one proof CAS asks for: a DNS record (TXT) named key
// under the zone rootDomain, or for HTTP a file at key on domain.
type validationRecord struct {
	domain, rootDomain, typ, key, value string
}

// dnsKey names a published record: its zone, host record and type, lower case.
type dnsKey struct{ zone, rr, typ string }

// status is the instance's status now: a normal one is willExpire within
// 30 days of its subscription's end and expired after it.
func (in *instance) statusAt(now time.Time) string {
	if in.status != instanceNormal {
		return in.status
	}
	switch {
	case !in.orderEnd.After(now):
		return instanceExpired
	case in.orderEnd.Sub(now) <= willExpireWithin:
		return instanceWillExpire
	}
	return instanceNormal
}

// settledStatus is where an application that ends without a new
// certificate leaves the instance: normal if it holds one, else inactive.
func (in *instance) settledStatus() string {
	if in.certID != 0 {
		return instanceNormal
	}
	return instanceInactive
}

// names are the domains the settings certify: the CSR's (its common name
// first) for an uploaded CSR, else Domain's comma-separated list.
func (s instanceSettings) names() ([]string, error) {
	if s.generateCsrMethod == "upload" {
		csr, err := parseCSR(s.csr)
		if err != nil {
			return nil, err
		}
		return csrNames(csr), nil
	}
	var names []string
	for _, d := range strings.Split(s.domain, ",") {
		if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
			names = appendNew(names, d)
		}
	}
	return names, nil
}

// zoneOf is the zone a name's proof goes in: the longest hosted zone that
// holds it, else its last two labels.
func (a *account) zoneOf(name string) string {
	name = strings.TrimPrefix(strings.ToLower(name), "*.")
	best := ""
	for _, z := range a.hostedZones {
		if (name == z || strings.HasSuffix(name, "."+z)) && len(z) > len(best) {
			best = z
		}
	}
	if best != "" {
		return best
	}
	labels := strings.Split(name, ".")
	if len(labels) <= 2 {
		return name
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// hosts reports whether the account hosts the zone in Alibaba Cloud DNS,
// so that CAS validates names under it by itself.
func (a *account) hosts(zone string) bool {
	for _, z := range a.hostedZones {
		if z == zone {
			return true
		}
	}
	return false
}

// recordsFor are the proofs an application of names asks for: for DNS one
// TXT record per distinct host record (a wildcard is proved at its base
// name), for HTTP one file per name.
func (a *account) recordsFor(in *instance, names []string, method string) []validationRecord {
	var records []validationRecord
	seen := map[string]bool{}
	for _, name := range names {
		base := strings.TrimPrefix(name, "*.")
		zone := a.zoneOf(base)
		r := validationRecord{domain: name, rootDomain: zone, typ: "TXT", key: validationPrefix}
		if method == "HTTP" {
			r.domain, r.typ, r.key = base, "HTTP", validationFile
		} else if sub := strings.TrimSuffix(strings.TrimSuffix(base, zone), "."); sub != "" {
			r.key = validationPrefix + "." + sub
		}
		id := r.domain + "\x00" + r.rootDomain + "\x00" + r.key
		if r.typ == "TXT" {
			id = r.rootDomain + "\x00" + r.key
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s", in.id, in.applications, id)))
		r.value = "2026" + hex.EncodeToString(sum[:])[:44]
		records = append(records, r)
	}
	return records
}

// stepInstance makes the next automatic transition of an application, at
// time at: a withdrawal settles; each check looks for the records (a hosted
// zone's pass at once); once all passed, the certificate is issued one step
// later. A record published with another value, or none within the checks
// allowed, fails the application with a reason in PendingResult.
func (a *account) stepInstance(in *instance, at time.Time) {
	app := in.app
	app.due = time.Time{}
	switch {
	case app.cancelled:
		in.app, in.status, in.pendingResult = nil, in.settledStatus(), "cancelled"
		return
	case app.validated:
		cert, err := a.issue(in, app.names, at)
		if err != nil {
			in.app, in.status, in.pendingResult = nil, in.settledStatus(), "issuance failed: "+err.Error()
			return
		}
		a.certificates[cert.id] = cert
		in.app, in.certID, in.status, in.pendingResult = nil, cert.id, instanceNormal, "issued"
		return
	}
	app.checks++
	passed := 0
	for _, r := range app.records {
		if r.typ == "TXT" && a.hosts(r.rootDomain) {
			passed++
			continue
		}
		where := dnsKey{r.rootDomain, r.key, r.typ}
		if r.typ == "HTTP" {
			where.zone = r.domain
		}
		got, published := a.dns[where]
		switch {
		case !published:
		case got == r.value:
			passed++
		default:
			in.app, in.status = nil, in.settledStatus()
			in.pendingResult = fmt.Sprintf("domain validation failed: the %s record %s has the value %q, not the %q CAS gave",
				r.typ, r.name(), got, r.value)
			return
		}
	}
	switch {
	case passed == len(app.records):
		app.validated, app.due = true, at.Add(a.step)
		in.pendingResult = "validated"
	case app.checks >= a.validationChecks:
		in.app, in.status = nil, in.settledStatus()
		in.pendingResult = fmt.Sprintf("domain validation failed: %d of the %d records were not found after %d checks",
			len(app.records)-passed, len(app.records), app.checks)
	default:
		app.due = at.Add(a.step)
	}
}

// name is where the record goes: _dnsauth.www.example.com, or the file's URL.
func (r validationRecord) name() string {
	if r.typ == "HTTP" {
		return "http://" + r.domain + r.key
	}
	return r.key + "." + r.rootDomain
}

// nextIssuedCertID is the first ID of a certificate an application issues.
const firstIssuedCertID = 21000000

// issue makes the instance's new certificate for names, valid from at: 90
// days for a test instance, a year for a bought one, signed by the
// emulator's CA; the key as KeyAlgorithm says, or the CSR's (and then CAS
// holds no private key).
func (a *account) issue(in *instance, names []string, at time.Time) (*certificate, error) {
	ca, err := emulatorCA()
	if err != nil {
		return nil, err
	}
	validity := 365 * day
	if in.instanceType == instanceTest {
		validity = 90 * day
	}
	start := at.Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetInt64(a.nextIssuedCertID),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    start,
		NotAfter:     start.Add(validity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	var cert *certificate
	if in.settings.generateCsrMethod == "upload" {
		csr, err := parseCSR(in.settings.csr)
		if err != nil {
			return nil, err
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, csr.PublicKey, ca.key)
		if err != nil {
			return nil, err
		}
		if cert, err = readChain(pemText(der) + ca.pem); err != nil {
			return nil, err
		}
	} else {
		key, err := newKey(in.settings.keyAlgorithm)
		if err != nil {
			return nil, err
		}
		if cert, err = ca.issue(tmpl, key); err != nil {
			return nil, err
		}
	}
	cert.id, cert.instanceID, cert.certType = a.nextIssuedCertID, in.id, in.certType
	a.nextIssuedCertID++
	cert.name = in.settings.certificateName
	if cert.name == "" {
		cert.name = names[0]
	}
	for _, other := range a.certificates {
		if other.name == cert.name {
			cert.name = fmt.Sprintf("%s-%d", cert.name, cert.id)
			break
		}
	}
	return cert, nil
}

// newKey makes a private key of a KeyAlgorithm; empty is RSA_2048.
func newKey(algorithm string) (crypto.Signer, error) {
	switch algorithm {
	case "", "RSA_2048":
		return rsa.GenerateKey(rand.Reader, 2048)
	case "RSA_3072":
		return rsa.GenerateKey(rand.Reader, 3072)
	case "RSA_4096":
		return rsa.GenerateKey(rand.Reader, 4096)
	case "ECC_256":
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	return nil, refUnsupported.with("KeyAlgorithm " + algorithm)
}

// defaultInstances are the default account's: a bought DV instance and a
// test one, both inactive, and the bought instance holding 11174101
// (shop.example.com), normal, its certificate ending in 20 days: the one to
// renew. start is when the sample certificates were made.
func defaultInstances(start time.Time) []*instance {
	bought := start.Add(-2 * day)
	return []*instance{
		{id: "cas_dv-cn-emu0b1", instanceType: instanceBuy, brand: "GeoTrust", spec: "geo.dv.f", certType: "DV",
			fullDomains: 2, wildcardDomains: 1, status: instanceInactive, orderStart: bought, orderEnd: bought.Add(365 * day),
			settings: instanceSettings{generateCsrMethod: "online", keyAlgorithm: "RSA_2048", validationMethod: "DNS",
				countryCode: "CN", province: "Beijing", city: "Beijing", autoReissue: "disable"}},
		{id: "cas_dv-cn-emu0t1", instanceType: instanceTest, brand: "DigiCert", spec: "ss.dv.t", certType: "DV",
			fullDomains: 1, status: instanceInactive, orderStart: bought, orderEnd: bought.Add(90 * day),
			settings: instanceSettings{generateCsrMethod: "online", keyAlgorithm: "RSA_2048", validationMethod: "DNS",
				countryCode: "CN", province: "Beijing", city: "Beijing", autoReissue: "disable"}},
		{id: "cas-ivauto-7hm3qa", instanceType: instanceBuy, brand: "GeoTrust", spec: "geo.dv.f", certType: "DV",
			fullDomains: 1, wildcardDomains: 1, status: instanceNormal, orderStart: start.Add(-346 * day), orderEnd: start.Add(384 * day),
			certID: 11174101, pendingResult: "issued", applications: 1,
			settings: instanceSettings{certificateName: "shop.example.com", domain: "shop.example.com,*.shop.example.com",
				generateCsrMethod: "online", keyAlgorithm: "ECC_256", validationMethod: "DNS",
				countryCode: "CN", province: "Beijing", city: "Beijing", autoReissue: "disable", contactIDs: []int64{3304}}},
	}
}
