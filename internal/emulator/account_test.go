package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // checking the fingerprint CAS shows
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the emulator's clock in tests: jobs move only when it does.
// It starts at the real time so that signatures stay fresh.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const testStep = time.Second

// newAccountEnv is an emulator whose jobs take testStep per step of clock.
func newAccountEnv(t *testing.T) (*env, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	return newEnv(t, Options{Now: clock.Now, JobStep: testStep}), clock
}

// call makes one API call with the official runtime, parameters in the
// query (or, with form, in a form body), and decodes the answer into out.
func (e *env) call(t *testing.T, action string, params map[string]string, out any) error {
	t.Helper()
	_, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: action, query: params})
	if err != nil {
		return err
	}
	if out != nil {
		if err := json.Unmarshal(e.last(t).respBody, out); err != nil {
			t.Fatalf("%s: answer does not decode: %v: %s", action, err, e.last(t).respBody)
		}
	}
	return nil
}

func (e *env) mustCall(t *testing.T, action string, params map[string]string, out any) {
	t.Helper()
	if err := e.call(t, action, params, out); err != nil {
		t.Fatalf("%s %v: %v", action, params, err)
	}
}

type jobView struct {
	ID                                              int64
	Name, Status, JobType, CertDomain, ProductName  string
	Del, Rollback                                   int
	GmtCreate, GmtModified, ScheduleTime, StartTime string
	EndTime, Config                                 string
	CasContacts                                     []struct {
		ID string `json:"Id"`
	}
}

type workerView struct {
	ID, CertID, ResourceID, ResourceCertID int64 `json:"-"`
	Status                                 string
}

func (w *workerView) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID             int64 `json:"Id"`
		CertID         int64 `json:"CertId"`
		ResourceID     int64 `json:"ResourceId"`
		ResourceCertID int64 `json:"ResourceCertId"`
		Status         string
	}
	err := json.Unmarshal(b, &raw)
	*w = workerView{raw.ID, raw.CertID, raw.ResourceID, raw.ResourceCertID, raw.Status}
	return err
}

func createJob(t *testing.T, e *env, certs, resources string) int64 {
	t.Helper()
	var out struct {
		JobID int64 `json:"JobId"`
	}
	e.mustCall(t, "CreateDeploymentJob", map[string]string{"Name": "test-job", "JobType": "user",
		"CertIds": certs, "ResourceIds": resources, "ContactIds": "3304,3317"}, &out)
	if out.JobID <= 0 {
		t.Fatalf("CreateDeploymentJob answered %s", e.last(t).respBody)
	}
	return out.JobID
}

func describeJob(t *testing.T, e *env, id int64) jobView {
	t.Helper()
	var j jobView
	e.mustCall(t, "DescribeDeploymentJob", map[string]string{"JobId": fmt.Sprint(id)}, &j)
	return j
}

func workers(t *testing.T, e *env, id int64) []workerView {
	t.Helper()
	var out struct{ Data []workerView }
	e.mustCall(t, "ListWorkerResource", map[string]string{"JobId": fmt.Sprint(id)}, &out)
	return out.Data
}

func resourceCert(t *testing.T, e *env, id int64) int64 {
	t.Helper()
	var out struct {
		Data []struct {
			ID     int64 `json:"Id"`
			CertID int64 `json:"CertId"`
		}
	}
	e.mustCall(t, "ListCloudResources", map[string]string{"ShowSize": "100"}, &out)
	for _, r := range out.Data {
		if r.ID == id {
			return r.CertID
		}
	}
	t.Fatalf("resource %d not listed", id)
	return 0
}

func setStatus(t *testing.T, e *env, id int64, status string) {
	t.Helper()
	e.mustCall(t, "UpdateDeploymentJobStatus", map[string]string{"JobId": fmt.Sprint(id), "Status": status}, nil)
}

// TestDeploymentJobLifecycle walks a job through the reference's state
// machine on the injected clock: editing, pending, scheduling, processing,
// success; the resources then carry the certificate, and a rollback puts
// back what was there.
func TestDeploymentJobLifecycle(t *testing.T) {
	e, clock := newAccountEnv(t)
	// The wildcard *.example.io covers www.example.io (22005); the NLB
	// listener 22001 has no domain, so it takes every certificate;
	// live.example.com (22003) is not covered: no worker.
	id := createJob(t, e, "11174106", "22005,22001,22003")
	created := describeJob(t, e, id)
	if created.Status != "editing" || created.Del != 0 || created.Rollback != 0 || created.ProductName != "ALB,NLB,LIVE" ||
		created.CertDomain != "*.example.io" || created.Config != `{"shareCertIds":[],"certIds":[11174106]}` ||
		len(created.CasContacts) != 2 || created.CasContacts[0].ID != "3304" || created.StartTime != "" {
		t.Fatalf("created job: %+v", created)
	}
	if !regexp.MustCompile(`^\d{13}$`).MatchString(created.GmtCreate) {
		t.Errorf("GmtCreate %q is not a string of milliseconds", created.GmtCreate)
	}
	ws := workers(t, e, id)
	if len(ws) != 2 || ws[0].ResourceID != 22005 || ws[1].ResourceID != 22001 || ws[0].Status != "editing" {
		t.Fatalf("workers: %+v", ws)
	}
	clock.Advance(10 * testStep) // an editing job does not run by itself [L1]
	if got := describeJob(t, e, id).Status; got != "editing" {
		t.Fatalf("editing job became %s by itself", got)
	}

	setStatus(t, e, id, "pending")
	for _, want := range []string{"pending", "scheduling", "processing", "success"} {
		if got := describeJob(t, e, id); got.Status != want {
			t.Fatalf("status %s, want %s", got.Status, want)
		}
		if got := workers(t, e, id)[0].Status; got != want {
			t.Errorf("worker status %s while the job is %s", got, want)
		}
		clock.Advance(testStep)
	}
	done := describeJob(t, e, id)
	if done.StartTime == "" || done.EndTime == "" || done.EndTime <= done.StartTime {
		t.Errorf("finished job times: start %q end %q", done.StartTime, done.EndTime)
	}
	if got := resourceCert(t, e, 22005); got != 11174106 {
		t.Fatalf("resource 22005 carries %d after success, want 11174106", got)
	}
	var status struct{ WorkerCount, SuccessCount, FailedCount, RollbackCount, RollbackSuccessCount int }
	e.mustCall(t, "DescribeDeploymentJobStatus", map[string]string{"JobId": fmt.Sprint(id)}, &status)
	if status.WorkerCount != 2 || status.SuccessCount != 2 || status.FailedCount != 0 {
		t.Errorf("counters after success: %+v", status)
	}

	// Roll back the ALB worker: the listener had no certificate before.
	e.mustCall(t, "UpdateWorkerResourceStatus", map[string]string{"JobId": fmt.Sprint(id),
		"WorkerId": fmt.Sprint(ws[0].ID), "Status": "rollback"}, nil)
	if got := describeJob(t, e, id); got.Rollback != 1 || got.Status != "success" {
		t.Errorf("after rollback: %+v", got)
	}
	if got := workers(t, e, id)[0].Status; got != "rollback" {
		t.Errorf("worker %s right after rollback", got)
	}
	clock.Advance(testStep)
	if got := workers(t, e, id)[0].Status; got != "rollback_success" {
		t.Errorf("worker %s a step after rollback", got)
	}
	if got := resourceCert(t, e, 22005); got != 0 {
		t.Errorf("resource 22005 carries %d after rollback, want none", got)
	}
	e.mustCall(t, "DescribeDeploymentJobStatus", map[string]string{"JobId": fmt.Sprint(id)}, &status)
	if status.SuccessCount != 1 || status.RollbackCount != 1 || status.RollbackSuccessCount != 1 {
		t.Errorf("counters after rollback: %+v", status)
	}

	// Deleted: no longer listed; described with Del 1.
	e.mustCall(t, "DeleteDeploymentJob", map[string]string{"JobId": fmt.Sprint(id)}, nil)
	var list struct{ Data []jobView }
	e.mustCall(t, "ListDeploymentJob", map[string]string{"ShowSize": "100"}, &list)
	for _, j := range list.Data {
		if j.ID == id {
			t.Errorf("deleted job %d still listed", id)
		}
	}
	if got := describeJob(t, e, id); got.Del != 1 || got.Name != "test-job" {
		t.Errorf("deleted job described as %+v", got)
	}
}

// TestScheduledJobWaits: pending with a ScheduleTime starts then, not before.
func TestScheduledJobWaits(t *testing.T) {
	e, clock := newAccountEnv(t)
	at := clock.Now().Add(10 * testStep).UnixMilli() // the clock also checks signatures: stay within their 15 minutes
	var out struct {
		JobID int64 `json:"JobId"`
	}
	e.mustCall(t, "CreateDeploymentJob", map[string]string{"Name": "later", "JobType": "cloud", "CertIds": "11174106",
		"ResourceIds": "22005", "ContactIds": "3304", "ScheduleTime": fmt.Sprint(at)}, &out)
	setStatus(t, e, out.JobID, "pending")
	clock.Advance(9 * testStep)
	if got := describeJob(t, e, out.JobID); got.Status != "pending" || got.ScheduleTime != fmt.Sprint(at) {
		t.Fatalf("before ScheduleTime: %+v", got)
	}
	clock.Advance(testStep)
	if got := describeJob(t, e, out.JobID).Status; got != "scheduling" {
		t.Fatalf("at ScheduleTime: %s", got)
	}
	// scheduling starts at once, whatever the ScheduleTime.
	id := createJob(t, e, "11174106", "22005")
	setStatus(t, e, id, "scheduling")
	clock.Advance(2 * testStep)
	if got := describeJob(t, e, id).Status; got != "success" {
		t.Fatalf("scheduled job after two steps: %s", got)
	}
}

// TestFailedWorkers: HTTPS disabled, an expired or a revoked certificate
// fail their worker, and the job ends error; other workers still deploy.
func TestFailedWorkers(t *testing.T) {
	for _, tc := range []struct {
		name             string
		certs, resources string
		want             map[int64]string // resource: worker status
	}{
		{"HTTPS disabled", "11174100", "22004,20980", map[int64]string{22004: "error", 20980: "success"}},
		{"expired certificate", "20010001", "22001", map[int64]string{22001: "error"}},
		{"revoked certificate", "11174105", "20979", map[int64]string{20979: "error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, clock := newAccountEnv(t)
			id := createJob(t, e, tc.certs, tc.resources)
			setStatus(t, e, id, "scheduling")
			clock.Advance(2 * testStep)
			if got := describeJob(t, e, id).Status; got != "error" {
				t.Fatalf("job %s, want error", got)
			}
			got := map[int64]string{}
			for _, w := range workers(t, e, id) {
				got[w.ResourceID] = w.Status
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("workers %v, want %v", got, tc.want)
			}
			if got := resourceCert(t, e, 22004); got != 0 {
				t.Errorf("a failed worker put certificate %d on its resource", got)
			}
		})
	}
}

// TestRollbackAfterRedeployFails: a rollback does not undo what another job
// deployed since; it ends rollback_error.
func TestRollbackAfterRedeployFails(t *testing.T) {
	e, clock := newAccountEnv(t)
	first := createJob(t, e, "11174106", "22005")
	setStatus(t, e, first, "scheduling")
	clock.Advance(2 * testStep)
	second := createJob(t, e, "11174106", "22001,22005")
	setStatus(t, e, second, "scheduling")
	clock.Advance(2 * testStep)
	w := workers(t, e, first)[0]
	if w.Status != "success" || w.ResourceCertID != 0 {
		t.Fatalf("first job's worker: %+v", w)
	}
	// The second job redeployed the same certificate: the resource still
	// carries it, so the first job's rollback restores "none".
	e.mustCall(t, "UpdateWorkerResourceStatus", map[string]string{"JobId": fmt.Sprint(first), "WorkerId": fmt.Sprint(w.ID), "Status": "rollback"}, nil)
	clock.Advance(testStep)
	if got := workers(t, e, first)[0].Status; got != "rollback_success" {
		t.Errorf("rollback: %s", got)
	}
	if got := workers(t, e, second)[1]; got.ResourceCertID != 11174106 {
		t.Errorf("second job's worker found %d on the resource, want 11174106", got.ResourceCertID)
	}
	// Now upload another certificate over it and roll the second job back:
	// the resource carries neither job's certificate any more.
	upload(t, e, "io-2027", selfSigned(t, "ecdsa", "*.example.io"))
	third := createJob(t, e, fmt.Sprint(firstUploadedCertID), "22005")
	setStatus(t, e, third, "scheduling")
	clock.Advance(2 * testStep)
	ws := workers(t, e, second)
	e.mustCall(t, "UpdateWorkerResourceStatus", map[string]string{"JobId": fmt.Sprint(second), "WorkerId": fmt.Sprint(ws[1].ID), "Status": "rollback"}, nil)
	clock.Advance(testStep)
	if got := workers(t, e, second)[1].Status; got != "rollback_error" {
		t.Errorf("rollback over a newer deployment: %s, want rollback_error", got)
	}
	if got := resourceCert(t, e, 22005); got != firstUploadedCertID {
		t.Errorf("resource carries %d, want the newest %d", got, firstUploadedCertID)
	}
}

func TestCovers(t *testing.T) {
	for _, tc := range []struct {
		name, host string
		want       bool
	}{
		{"www.example.com", "www.example.com", true},
		{"www.example.com", "WWW.Example.com.", true},
		{"*.example.com", "www.example.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", ".example.com", false},
		{"example.com", "www.example.com", false},
	} {
		if got := covers(tc.name, tc.host); got != tc.want {
			t.Errorf("covers(%q, %q) = %t", tc.name, tc.host, got)
		}
	}
}

type pemPair struct {
	cert, key string
	leaf      *x509.Certificate
}

// selfSigned makes a certificate and key ("rsa" or "ecdsa") for names.
func selfSigned(t *testing.T, kind string, names ...string) pemPair {
	t.Helper()
	var key crypto.Signer
	var err error
	if kind == "rsa" {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0], Organization: []string{"Test Org"}},
		Issuer:       pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour).Truncate(time.Second),
		NotAfter:     time.Now().Add(90 * day).Truncate(time.Second),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return pemPair{
		cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		key:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})),
		leaf: leaf,
	}
}

// uploadCall sends UploadUserCertificate with the PEM in a form body, as
// internal/cas and the alicloud provider do.
func uploadCall(t *testing.T, e *env, name string, p pemPair) error {
	t.Helper()
	_, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "UploadUserCertificate",
		query: map[string]string{"Name": name}, body: map[string]any{"Cert": p.cert, "Key": p.key}})
	return err
}

func upload(t *testing.T, e *env, name string, p pemPair) int64 {
	t.Helper()
	if err := uploadCall(t, e, name, p); err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	var out struct {
		CertID     int64  `json:"CertId"`
		ResourceID string `json:"ResourceId"`
	}
	if err := json.Unmarshal(e.last(t).respBody, &out); err != nil || out.CertID == 0 || !strings.HasPrefix(out.ResourceID, "cas-upload-") {
		t.Fatalf("upload answered %s", e.last(t).respBody)
	}
	return out.CertID
}

// TestUploadReadsTheCertificate: what GetUserCertificateDetail and
// ListUserCertificateOrder show is read from the PEM with crypto/x509.
func TestUploadReadsTheCertificate(t *testing.T) {
	e, _ := newAccountEnv(t)
	for _, kind := range []string{"rsa", "ecdsa"} {
		p := selfSigned(t, kind, "upload-"+kind+".example.com", "*.upload-"+kind+".example.com")
		if x := upload(t, e, "upload-"+kind, p); !strings.Contains(string(e.last(t).body), "Cert=") {
			t.Errorf("certificate %d: the PEM was not sent in the form body", x)
		}
		id := upload(t, e, "again-"+kind, p) // the same certificate under another name is fine
		var d struct {
			ID                                      int64 `json:"Id"`
			Name, Common, Sans, Issuer, SerialNo    string
			Fingerprint, Sha2, Algorithm, Cert, Key string
			StartDate, EndDate, CertIdentifier      string
			NotBefore, NotAfter                     int64
			Expired, BuyInAliyun                    bool
		}
		e.mustCall(t, "GetUserCertificateDetail", map[string]string{"CertId": fmt.Sprint(id)}, &d)
		sha1sum, sha256sum := sha1.Sum(p.leaf.Raw), sha256.Sum256(p.leaf.Raw) //nolint:gosec // the fingerprint CAS shows
		algorithm := map[string]string{"rsa": "RSA", "ecdsa": "ECC"}[kind]
		want := fmt.Sprintf("%d again-%s %s %s %s %s %s %s %s %d %d false false %d-cn-hangzhou",
			id, kind, p.leaf.Subject.CommonName, strings.Join(p.leaf.DNSNames, ","), p.leaf.Subject.CommonName,
			hex.EncodeToString(p.leaf.SerialNumber.Bytes()), strings.ToUpper(hex.EncodeToString(sha1sum[:])),
			strings.ToUpper(hex.EncodeToString(sha256sum[:])), algorithm, p.leaf.NotBefore.UnixMilli(), p.leaf.NotAfter.UnixMilli(), id)
		got := fmt.Sprintf("%d %s %s %s %s %s %s %s %s %d %d %t %t %s", d.ID, d.Name, d.Common, d.Sans, d.Issuer, d.SerialNo,
			d.Fingerprint, d.Sha2, d.Algorithm, d.NotBefore, d.NotAfter, d.Expired, d.BuyInAliyun, d.CertIdentifier)
		if got != want {
			t.Errorf("%s detail:\n got %s\nwant %s", kind, got, want)
		}
		if d.Cert != p.cert || d.Key != p.key || d.StartDate != date(p.leaf.NotBefore) {
			t.Errorf("%s detail: PEM or dates differ: %s", kind, e.last(t).respBody)
		}
		var filtered map[string]any
		e.mustCall(t, "GetUserCertificateDetail", map[string]string{"CertId": fmt.Sprint(id), "CertFilter": "true"}, &filtered)
		if _, ok := filtered["Key"]; ok || filtered["Fingerprint"] != d.Fingerprint {
			t.Errorf("CertFilter=true still shows the key, or lost the rest: %v", filtered)
		}
	}
	var orders struct {
		CertificateOrderList []struct {
			CertificateID int64 `json:"CertificateId"`
			Name          string
			Upload        bool
		}
		TotalCount int
	}
	e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "UPLOAD", "Keyword": "upload-rsa"}, &orders)
	if orders.TotalCount != 2 || !orders.CertificateOrderList[0].Upload {
		t.Errorf("uploaded certificates by keyword: %s", e.last(t).respBody)
	}
	// CERT lists bought and uploaded, valid ones only unless Status asks.
	e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "CERT", "ShowSize": "100"}, &orders)
	if orders.TotalCount != 4+4 { // 4 valid samples + 4 uploads; the expired and revoked samples are left out
		t.Errorf("CERT lists %d certificates: %s", orders.TotalCount, e.last(t).respBody)
	}
	for status, want := range map[string]int64{"EXPIRED": 20010001, "REVOKED": 11174105, "WILLEXPIRED": 11174101} {
		e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "CERT", "Status": status}, &orders)
		if orders.TotalCount != 1 || orders.CertificateOrderList[0].CertificateID != want {
			t.Errorf("Status %s: %s", status, e.last(t).respBody)
		}
	}
	e.mustCall(t, "ListUserCertificateOrder", nil, &orders)
	if orders.TotalCount != 0 {
		t.Errorf("the default OrderType CPACK lists orders, which the emulator has none of: %s", e.last(t).respBody)
	}
}

// TestRefusals: every refusal of the write side, with its code and status.
func TestRefusals(t *testing.T) {
	e, clock := newAccountEnv(t)
	running := createJob(t, e, "11174106", "22005")
	setStatus(t, e, running, "scheduling")
	clock.Advance(testStep) // processing
	finished := createJob(t, e, "11174106", "22005")
	setStatus(t, e, finished, "scheduling")
	editing := createJob(t, e, fmt.Sprint(11174102), "20983")
	clock.Advance(2 * testStep) // running is success now, finished too
	processing := createJob(t, e, "11174106", "22001")
	setStatus(t, e, processing, "scheduling")
	clock.Advance(testStep)
	taken := selfSigned(t, "ecdsa", "taken.example.com")
	upload(t, e, "taken", taken)
	other := selfSigned(t, "ecdsa", "other.example.com")
	j := func(id int64) string { return fmt.Sprint(id) }
	create := func(name, value string) map[string]string {
		m := map[string]string{"Name": "n", "JobType": "user", "CertIds": "11174106", "ResourceIds": "22005", "ContactIds": "3304"}
		m[name] = value
		return m
	}
	past := fmt.Sprint(clock.Now().Add(-time.Minute).UnixMilli())
	for _, tc := range []struct {
		name, action string
		params       map[string]string
		form         *pemPair
		status       int
		code         string
	}{
		{"create without Name", "CreateDeploymentJob", create("Name", ""), nil, 400, "MissingName"},
		{"bad JobType", "CreateDeploymentJob", create("JobType", "User"), nil, 400, "InvalidParameter.JobType"},
		{"empty CertIds", "CreateDeploymentJob", create("CertIds", ""), nil, 400, "MissingCertIds"},
		{"empty ID in a list", "CreateDeploymentJob", create("ResourceIds", "22005,"), nil, 400, "InvalidParameter"},
		{"a domain for an ID", "CreateDeploymentJob", create("ResourceIds", "www.example.com"), nil, 400, "InvalidParameter"},
		{"unknown certificate", "CreateDeploymentJob", create("CertIds", "11174106,999"), nil, 404, "NotFound.Certificate"},
		{"unknown resource", "CreateDeploymentJob", create("ResourceIds", "999"), nil, 404, "NotFound.CloudResource"},
		{"unknown contact", "CreateDeploymentJob", create("ContactIds", "999"), nil, 404, "NotFound.Contact"},
		{"ScheduleTime in the past", "CreateDeploymentJob", create("ScheduleTime", past), nil, 400, "InvalidParameter.ScheduleTime"},
		{"update outside editing", "UpdateDeploymentJob", map[string]string{"JobId": j(running), "Name": "x"}, nil, 400, "OperationDenied.JobStatus"},
		{"update unknown job", "UpdateDeploymentJob", map[string]string{"JobId": "77"}, nil, 404, "NotFound.DeploymentJob"},
		{"update with unknown contact", "UpdateDeploymentJob", map[string]string{"JobId": j(editing), "ContactIds": "5"}, nil, 404, "NotFound.Contact"},
		{"update a fixture job", "UpdateDeploymentJob", map[string]string{"JobId": "10000", "Name": "x"}, nil, 400, "OperationDenied.RecordedJob"},
		{"status of a success job", "UpdateDeploymentJobStatus", map[string]string{"JobId": j(finished), "Status": "editing"}, nil, 400, "OperationDenied.JobFinished"},
		{"status of a processing job", "UpdateDeploymentJobStatus", map[string]string{"JobId": j(processing), "Status": "editing"}, nil, 400, "OperationDenied.JobProcessing"},
		{"status missing", "UpdateDeploymentJobStatus", map[string]string{"JobId": j(editing)}, nil, 400, "MissingStatus"},
		{"status not settable", "UpdateDeploymentJobStatus", map[string]string{"JobId": j(editing), "Status": "success"}, nil, 400, "InvalidParameter.Status"},
		{"delete while processing", "DeleteDeploymentJob", map[string]string{"JobId": j(processing)}, nil, 400, "OperationDenied.JobProcessing"},
		{"delete a processing fixture job", "DeleteDeploymentJob", map[string]string{"JobId": "9002"}, nil, 400, "OperationDenied.JobProcessing"},
		{"delete unknown job", "DeleteDeploymentJob", map[string]string{"JobId": "77"}, nil, 404, "NotFound.DeploymentJob"},
		{"rollback an editing worker", "UpdateWorkerResourceStatus", map[string]string{"JobId": j(editing), "WorkerId": j(workers(t, e, editing)[0].ID), "Status": "rollback"}, nil, 400, "OperationDenied.WorkerStatus"},
		{"rollback another job's worker", "UpdateWorkerResourceStatus", map[string]string{"JobId": j(finished), "WorkerId": j(workers(t, e, editing)[0].ID), "Status": "rollback"}, nil, 404, "NotFound.Worker"},
		{"worker status other than rollback", "UpdateWorkerResourceStatus", map[string]string{"JobId": j(finished), "WorkerId": "1", "Status": "success"}, nil, 400, "InvalidParameter.Status"},
		{"upload a taken name", "UploadUserCertificate", map[string]string{"Name": "taken"}, &other, 400, "NameRepeat"},
		{"upload a bought certificate's name", "UploadUserCertificate", map[string]string{"Name": "example.com-2026"}, &other, 400, "NameRepeat"},
		{"upload a key of another certificate", "UploadUserCertificate", map[string]string{"Name": "mixed"}, &pemPair{cert: other.cert, key: taken.key}, 400, "InvalidParameter.KeyMismatch"},
		{"upload text that is not PEM", "UploadUserCertificate", map[string]string{"Name": "junk"}, &pemPair{cert: "hello", key: taken.key}, 400, "InvalidParameter.Cert"},
		{"upload a key that is not PEM", "UploadUserCertificate", map[string]string{"Name": "junk"}, &pemPair{cert: other.cert, key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}, 400, "InvalidParameter.Key"},
		{"upload SM2", "UploadUserCertificate", map[string]string{"Name": "sm2", "SignCert": "x", "SignPrivateKey": "y"}, nil, 400, "Unsupported.Algorithm"},
		{"delete a certificate an unfinished job uses", "DeleteUserCertificate", map[string]string{"CertId": "11174102"}, nil, 400, "OperationDenied.CertificateInUse"},
		{"delete a valid bought certificate", "DeleteUserCertificate", map[string]string{"CertId": "11174100"}, nil, 400, "OperationDenied.CertificateNotDeletable"},
		{"delete an unknown certificate", "DeleteUserCertificate", map[string]string{"CertId": "5"}, nil, 404, "NotFound.Certificate"},
		{"detail of an unknown certificate", "GetUserCertificateDetail", map[string]string{"CertId": "5"}, nil, 404, "NotFound.Certificate"},
		{"CertIds not a JSON array", "ListCloudResources", map[string]string{"CertIds": "11174100,11174101"}, nil, 400, "InvalidParameter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := callSpec{action: tc.action, query: tc.params}
			if tc.form != nil {
				spec.body = map[string]any{"Cert": tc.form.cert, "Key": tc.form.key}
			}
			_, err := invoke(e.client(t, defaultClientConfig()), spec)
			if status, code := refusedWith(t, err); status != tc.status || code != tc.code {
				t.Errorf("%d %s, want %d %s: %s", status, code, tc.status, tc.code, e.last(t).respBody)
			}
			checkErrorBody(t, e.last(t), tc.code)
		})
	}
	// Refusals change nothing.
	if got := describeJob(t, e, running).Name; got != "test-job" {
		t.Errorf("a refused update renamed the job to %q", got)
	}
}

// TestRecordedJobs: fixture jobs answer as written; deleting one hides it
// from the list and marks it Del 1.
func TestRecordedJobs(t *testing.T) {
	e, _ := newAccountEnv(t)
	before := describeRaw(t, e, "10000")
	if !strings.Contains(before, `"Del":0`) {
		t.Fatalf("fixture job 10000: %s", before)
	}
	e.mustCall(t, "DeleteDeploymentJob", map[string]string{"JobId": "10000"}, nil)
	if after := describeRaw(t, e, "10000"); strings.Replace(before, `"Del":0`, `"Del":1`, 1) != stripRequestID(after) {
		t.Errorf("deleted fixture job:\n%s\nwas\n%s", after, before)
	}
	var list struct{ Total int }
	e.mustCall(t, "ListDeploymentJob", nil, &list)
	if list.Total != len(DefaultFixture().Jobs)-1 {
		t.Errorf("Total %d after deleting one of %d fixture jobs", list.Total, len(DefaultFixture().Jobs))
	}
	if err := e.call(t, "DeleteDeploymentJob", map[string]string{"JobId": "10000"}, nil); err == nil {
		t.Error("deleting a deleted job succeeded")
	}
}

func describeRaw(t *testing.T, e *env, id string) string {
	t.Helper()
	e.mustCall(t, "DescribeDeploymentJob", map[string]string{"JobId": id}, nil)
	return stripRequestID(string(e.last(t).respBody))
}

var requestIDField = regexp.MustCompile(`"RequestId":"[^"]*"`)

func stripRequestID(s string) string { return requestIDField.ReplaceAllString(s, `"RequestId":""`) }

// TestCloudResourcesAndContacts: filters and paging of the inputs a job needs.
func TestCloudResourcesAndContacts(t *testing.T) {
	e, _ := newAccountEnv(t)
	var res struct {
		Total, ShowSize int
		Data            []map[string]any
	}
	e.mustCall(t, "ListCloudResources", nil, &res)
	if res.ShowSize != 20 || res.Total != 13 || len(res.Data) != 13 {
		t.Fatalf("default page: %s", e.last(t).respBody)
	}
	products := map[string]bool{}
	for _, r := range res.Data {
		products[r["CloudProduct"].(string)] = true //nolint:forcetypeassert // a test: a panic is a failure
	}
	for _, p := range []string{"CDN", "DCDN", "SLB", "ALB", "NLB", "WAF", "OSS", "LIVE", "TencentCDN"} {
		if !products[p] {
			t.Errorf("no %s resource", p)
		}
	}
	e.mustCall(t, "ListCloudResources", map[string]string{"CertIds": "[11174100]"}, &res)
	if res.Total != 2 {
		t.Errorf("resources carrying 11174100: %s", e.last(t).respBody)
	}
	e.mustCall(t, "ListCloudResources", map[string]string{"CloudProduct": "ALB", "Keyword": "shop"}, &res)
	if res.Total != 1 || res.Data[0]["Id"] != float64(20982) || res.Data[0]["DefaultResource"] != float64(0) || res.Data[0]["ListenerPort"] != "443" {
		t.Errorf("ALB by keyword: %s", e.last(t).respBody)
	}
	e.mustCall(t, "ListCloudResources", map[string]string{"ShowSize": "5", "CurrentPage": "3"}, &res)
	if res.Total != 13 || len(res.Data) != 3 {
		t.Errorf("page 3 of 5: %s", e.last(t).respBody)
	}
	var contacts struct {
		TotalCount  int
		ContactList []struct {
			ContactID   int64 `json:"ContactId"`
			Webhooks    string
			WebhookList []string
		}
	}
	e.mustCall(t, "ListContact", nil, &contacts)
	if contacts.TotalCount < 2 || contacts.ContactList[0].ContactID != 3304 || contacts.ContactList[0].Webhooks != "[]" {
		t.Errorf("contacts: %s", e.last(t).respBody)
	}
	e.mustCall(t, "ListContact", map[string]string{"Keyword": "security@"}, &contacts)
	if contacts.TotalCount != 1 || contacts.ContactList[0].ContactID != 3317 {
		t.Errorf("contacts by keyword: %s", e.last(t).respBody)
	}
}

// TestAccountUnderParallelCalls: jobs created, started, listed and read at
// once (run with -race). The official runtime is not safe for parallel use,
// so requests are signed one by one against a recorder, then sent at once.
func TestAccountUnderParallelCalls(t *testing.T) {
	e, clock := newAccountEnv(t)
	recorder := newEnv(t, Options{})
	signed := func(spec callSpec) exchange {
		_, _ = invoke(recorder.client(t, defaultClientConfig()), spec) // refusals are recorded too
		return recorder.last(t)
	}
	sendAll := func(xs []exchange) {
		var wg sync.WaitGroup
		for _, x := range xs {
			wg.Go(func() {
				if status, a := e.send(t, x, nil); status != 200 {
					t.Errorf("%s: %d %s %s", x.uri, status, a.Code, a.Message)
				}
				clock.Advance(testStep / 4)
			})
		}
		wg.Wait()
	}
	const jobs = 8
	var xs []exchange
	for i := range jobs {
		xs = append(xs, signed(callSpec{action: "CreateDeploymentJob", query: map[string]string{"Name": fmt.Sprint("p", i),
			"JobType": "user", "CertIds": "11174106,11174100", "ResourceIds": "22001,22005,20979", "ContactIds": "3304"}}))
	}
	sendAll(xs)
	var list struct{ Data []jobView }
	e.mustCall(t, "ListDeploymentJob", map[string]string{"Status": "editing"}, &list)
	xs = nil
	for _, j := range list.Data {
		if !strings.HasPrefix(j.Name, "p") { // a fixture job
			continue
		}
		id := fmt.Sprint(j.ID)
		xs = append(xs,
			signed(callSpec{action: "UpdateDeploymentJobStatus", query: map[string]string{"JobId": id, "Status": "scheduling"}}),
			signed(callSpec{action: "ListWorkerResource", query: map[string]string{"JobId": id}}),
			signed(callSpec{action: "DescribeDeploymentJob", query: map[string]string{"JobId": id}}),
			signed(callSpec{action: "ListCloudResources"}),
			signed(callSpec{action: "ListDeploymentJob"}))
	}
	sendAll(xs)
	clock.Advance(2 * testStep)
	e.mustCall(t, "ListDeploymentJob", map[string]string{"Status": "success", "JobType": "user"}, &list)
	if len(list.Data) != jobs+2 { // and the fixture's 8888 and 9003
		t.Errorf("%d of the %d jobs succeeded: %s", len(list.Data), jobs, e.last(t).respBody)
	}
}

// TestAssumptionsListEveryRefusal keeps ASSUMPTIONS.md and the table together.
func TestAssumptionsListEveryRefusal(t *testing.T) {
	doc, err := os.ReadFile("ASSUMPTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refusals {
		code := strings.ReplaceAll(r.code, "%s", "")
		if !strings.Contains(string(doc), "`"+code) {
			t.Errorf("ASSUMPTIONS.md does not list %s", r.code)
		}
	}
}
