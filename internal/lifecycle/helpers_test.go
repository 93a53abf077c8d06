package lifecycle_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // the fingerprint CAS shows
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// What the default emulator account holds (internal/emulator/account_default.go).
const (
	certShop      int64 = 11174101 // shop.example.com, *.shop.example.com
	certExampleIO int64 = 11174106 // *.example.io, example.io
	resWAFShop    int64 = 22006    // WAF m.shop.example.com, HTTPS on
	resALBIO      int64 = 22005    // ALB www.example.io
	resNLB        int64 = 22001    // NLB, no domain
	resCDNOff     int64 = 22004    // CDN api.example.com, HTTPS off
	contactLiWei  int64 = 3304

	// The IDs the emulator gives what the API creates, in order.
	firstCreatedJobID   int64 = 20000
	firstUploadedCertID int64 = 13000000
)

// testPolling looks at a job every second or so, at most every ten.
var testPolling = lifecycle.Polling{Floor: time.Second, Ceiling: 10 * time.Second}

// env is one emulated account with an engine on it, on a fake clock:
// job steps, polls and retries take no real time.
type env struct {
	t      *testing.T
	clock  *clocktest.Clock
	srv    *emulator.Server
	url    string
	sent   *actionCounter
	engine *lifecycle.Engine
	// check reads and sets up the account beside the engine, through the
	// same faults (they are per server), retrying reads as the engine's
	// client does.
	check *cas.Client
}

func newEnv(t *testing.T, faults ...emulator.Fault) *env {
	t.Helper()
	clock := clocktest.New()
	srv, err := emulator.New(emulator.Options{Now: clock.Now, JobStep: time.Second, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	sent := &actionCounter{counts: map[string]int{}}
	ts := httptest.NewServer(sent.wrap(srv))
	t.Cleanup(ts.Close)
	e := &env{t: t, clock: clock, srv: srv, url: ts.URL, sent: sent}
	e.engine = lifecycle.New(e.newClient(), testPolling, nil)
	e.check = e.newClient()
	return e
}

// newClient is a client of the emulator with the default retries, on the
// env's clock.
func (e *env) newClient() *cas.Client {
	e.t.Helper()
	cred, err := credentials.NewCredential(&credentials.Config{Type: ptr("access_key"),
		AccessKeyId: ptr(emulator.DefaultAccessKeyID), AccessKeySecret: ptr(emulator.DefaultAccessKeySecret)})
	if err != nil {
		e.t.Fatal(err)
	}
	endpoint, err := cas.ParseEndpoint(e.url)
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := cas.New(cas.Config{Endpoint: endpoint, Credential: cred, Clock: e.clock, MaxRetries: cas.DefaultMaxRetries})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// spec is a job deploying cert to resources, telling Li Wei.
func spec(name string, cert int64, resources ...int64) lifecycle.JobSpec {
	return lifecycle.JobSpec{Name: name, JobType: cas.JobTypeUser, CertIDs: []int64{cert}, ResourceIDs: resources,
		ContactIDs: []int64{contactLiWei}}
}

// draft creates a job straight through the API, as an earlier run would have.
func (e *env) draft(s lifecycle.JobSpec) int64 {
	e.t.Helper()
	id, err := e.check.CreateDeploymentJob(context.Background(), s)
	if err != nil {
		e.t.Fatalf("creating draft %q: %v", s.Name, err)
	}
	return id
}

// jobsNamed are the jobs the account lists (not deleted) with this name.
func (e *env) jobsNamed(name string) []int64 {
	e.t.Helper()
	list, err := e.check.ListDeploymentJobs(context.Background(), cas.DeploymentJobFilter{})
	if err != nil {
		e.t.Fatalf("listing jobs: %v", err)
	}
	var ids []int64
	for _, j := range list.Jobs {
		if j.Name.Value() == name {
			ids = append(ids, j.ID.Value())
		}
	}
	return ids
}

// status is the job's status as the account describes it.
func (e *env) status(jobID int64) cas.JobStatus {
	e.t.Helper()
	res, err := e.check.DescribeDeploymentJob(context.Background(), jobID)
	if err != nil {
		e.t.Fatalf("describing job %d: %v", jobID, err)
	}
	return res.Job.CurrentStatus()
}

// uploadsNamed are the uploaded certificates (valid or expired) with this name.
func (e *env) uploadsNamed(name string) []int64 {
	e.t.Helper()
	var ids []int64
	for _, status := range []string{"", "EXPIRED"} {
		list, err := e.check.ListUserCertificateOrder(context.Background(),
			cas.UserCertificateFilter{OrderType: cas.OrderTypeUpload, Status: status, Keyword: name})
		if err != nil {
			e.t.Fatalf("listing certificates: %v", err)
		}
		for _, c := range list.Certificates {
			if c.Name.Value() == name {
				ids = append(ids, c.CertificateID.Value())
			}
		}
	}
	return ids
}

// actionCounter counts the requests of each action on their way to the
// emulator: how often a write was sent.
type actionCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *actionCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.counts[r.Header.Get("x-acs-action")]++
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (c *actionCounter) count(action string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[action]
}

// Fault rules that apply once, to the first request of the action.
func dropAfter(action string) emulator.Fault {
	return emulator.Fault{Action: action, Times: 1, Drop: true, After: true}
}

func dropBefore(action string) emulator.Fault {
	return emulator.Fault{Action: action, Times: 1, Drop: true}
}

func failAfter(action, code string) emulator.Fault {
	return emulator.Fault{Action: action, Times: 1, Fail: &emulator.Failure{Code: code}, After: true}
}

// testCert is a self-signed certificate, its key and its fingerprint as
// UploadCertificate takes it.
type testCert struct {
	certPEM, keyPEM, fingerprint string
}

func newCert(t *testing.T, names ...string) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(90 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(der) //nolint:gosec // the fingerprint CAS shows
	return testCert{
		certPEM:     string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		keyPEM:      string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})),
		fingerprint: strings.ToUpper(hex.EncodeToString(sum[:])),
	}
}

func (c testCert) upload(name string) cas.UploadUserCertificateRequest {
	return cas.UploadUserCertificateRequest{Name: name, Cert: c.certPEM, Key: c.keyPEM}
}
