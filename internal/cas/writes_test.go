package cas

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// selfSigned makes a certificate and key for domain, valid from an hour ago
// for 90 days.
func selfSigned(t *testing.T, domain string) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(42), Subject: pkix.Name{CommonName: domain}, DNSNames: []string{domain},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(90 * 24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
}

// waitFor polls check every 10ms of the test's clock until it holds.
func waitFor(t *testing.T, clk *clocktest.Clock, what string, check func() bool) {
	t.Helper()
	for range 1000 {
		if check() {
			return
		}
		if err := clk.Sleep(context.Background(), 10*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("%s: not after %s on the clock", what, clk.Elapsed())
}

// The whole life of a deployment against the emulator's account: list what
// to deploy to and whom to tell, upload a certificate, create a job, start
// it, watch it succeed, see its worker and the resource carrying the
// certificate, roll the worker back, delete the job and the certificate.
func TestDeploymentLifecycle(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	const domain, resourceID = "m.shop.example.com", 22006 // a WAF resource with HTTPS on and no certificate

	resources, err := client.ListCloudResources(ctx, CloudResourceFilter{Keyword: domain})
	if err != nil {
		t.Fatal(err)
	}
	if len(resources.Resources) != 1 || int64(*resources.Resources[0].ID) != resourceID || resources.Resources[0].CertID != nil {
		t.Fatalf("resources for %s: %+v", domain, resources.Resources)
	}
	contacts, err := client.ListContact(ctx, "")
	if err != nil || len(contacts.Contacts) < 2 {
		t.Fatalf("contacts: %+v, %v", contacts, err)
	}
	contactID := int64(*contacts.Contacts[0].ContactID)

	certPEM, keyPEM := selfSigned(t, domain)
	up, err := client.UploadUserCertificate(ctx, UploadUserCertificateRequest{Name: "alicas_lifecycle", Cert: certPEM, Key: keyPEM})
	if err != nil {
		t.Fatal(err)
	}
	// The PEM went in the form body; the name, as the SDK sends it, in the query.
	if q := seen.query("UploadUserCertificate"); q.Has("Cert") || q.Has("Key") || q.Get("Name") != "alicas_lifecycle" {
		t.Fatalf("UploadUserCertificate query: %v", q)
	}
	detail, err := client.GetUserCertificateDetail(ctx, up.CertID, true)
	if err != nil || string(*detail.Common) != domain || !strings.Contains(string(*detail.Cert), strings.TrimSpace(certPEM)) || detail.Key == nil {
		t.Fatalf("detail of the upload: %+v, %v", detail, err)
	}
	if bare, err := client.GetUserCertificateDetail(ctx, up.CertID, false); err != nil || bare.Cert != nil || bare.Key != nil {
		t.Fatalf("detail without content: %+v, %v", bare, err)
	}
	uploads, err := client.ListUserCertificateOrder(ctx, UserCertificateFilter{OrderType: OrderTypeUpload})
	if err != nil || !slices.ContainsFunc(uploads.Certificates, func(c UserCertificate) bool { return int64(*c.CertificateID) == up.CertID }) {
		t.Fatalf("uploaded certificates %+v, %v: the new one is missing", uploads, err)
	}

	jobID, err := client.CreateDeploymentJob(ctx, CreateDeploymentJobRequest{Name: "lifecycle", JobType: JobTypeUser,
		CertIDs: []int64{up.CertID}, ResourceIDs: []int64{resourceID}, ContactIDs: []int64{contactID}})
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		res, err := client.DescribeDeploymentJob(ctx, jobID)
		if err != nil {
			t.Fatal(err)
		}
		return string(*res.Job.Status)
	}
	if got := status(); got != "editing" {
		t.Fatalf("a new job is %s, want editing", got)
	}
	name := "lifecycle-renamed"
	if err := client.UpdateDeploymentJob(ctx, UpdateDeploymentJobRequest{JobID: jobID, Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateDeploymentJobStatus(ctx, jobID, JobScheduling); err != nil {
		t.Fatal(err)
	}
	waitFor(t, clk, "the job succeeds", func() bool { return status() == "success" })
	counts, err := client.DescribeDeploymentJobStatus(ctx, jobID)
	if err != nil || *counts.WorkerCount != 1 || *counts.SuccessCount != 1 {
		t.Fatalf("counts %+v, %v; want one worker, succeeded", counts, err)
	}
	workers, err := client.ListWorkerResource(ctx, WorkerFilter{JobID: jobID})
	if err != nil || len(workers.Workers) != 1 || string(*workers.Workers[0].Status) != "success" || int64(*workers.Workers[0].ResourceID) != resourceID {
		t.Fatalf("workers %+v, %v", workers, err)
	}
	carrying, err := client.ListCloudResources(ctx, CloudResourceFilter{CertIDs: []int64{up.CertID}})
	if err != nil || len(carrying.Resources) != 1 || int64(*carrying.Resources[0].CertID) != up.CertID {
		t.Fatalf("resources carrying the certificate: %+v, %v", carrying, err)
	}
	if got, want := seen.query("ListCloudResources").Get("CertIds"), fmt.Sprintf("[%d]", up.CertID); got != want {
		t.Fatalf("CertIds sent as %q, want the JSON array %q", got, want)
	}

	workerID := int64(*workers.Workers[0].ID)
	if err := client.UpdateWorkerResourceStatus(ctx, jobID, workerID, WorkerRollback); err != nil {
		t.Fatal(err)
	}
	waitFor(t, clk, "the rollback ends", func() bool {
		w, err := client.ListWorkerResource(ctx, WorkerFilter{JobID: jobID, Status: "rollback_success"})
		return err == nil && len(w.Workers) == 1
	})
	if job, err := client.DescribeDeploymentJob(ctx, jobID); err != nil || !bool(*job.Job.Rollback) || string(*job.Job.Name) != name {
		t.Fatalf("job after the rollback: %+v, %v", job, err)
	}
	if carrying, err = client.ListCloudResources(ctx, CloudResourceFilter{CertIDs: []int64{up.CertID}}); err != nil || len(carrying.Resources) != 0 {
		t.Fatalf("after the rollback, resources still carrying it: %+v, %v", carrying, err)
	}

	if err := client.DeleteDeploymentJob(ctx, jobID); err != nil {
		t.Fatal(err)
	}
	jobs, err := client.ListDeploymentJobs(ctx, DeploymentJobFilter{})
	if err != nil || slices.ContainsFunc(jobs.Jobs, func(j DeploymentJob) bool { return int64(*j.ID) == jobID }) {
		t.Fatalf("deleted job still listed: %v", err)
	}
	if err := client.DeleteUserCertificate(ctx, up.CertID); err != nil {
		t.Fatal(err)
	}
	if uploads, err = client.ListUserCertificateOrder(ctx, UserCertificateFilter{OrderType: OrderTypeUpload}); err != nil ||
		slices.ContainsFunc(uploads.Certificates, func(c UserCertificate) bool { return int64(*c.CertificateID) == up.CertID }) {
		t.Fatalf("deleted certificate still listed: %v", err)
	}
	// Each write went once: nothing here failed, so nothing was repeated.
	for _, action := range []string{"UploadUserCertificate", "CreateDeploymentJob", "UpdateDeploymentJob", "UpdateDeploymentJobStatus",
		"UpdateWorkerResourceStatus", "DeleteDeploymentJob", "DeleteUserCertificate"} {
		if n := seen.count(action); n != 1 {
			t.Errorf("%s sent %d times, want 1", action, n)
		}
	}
}

// The account's refusals come back as APIErrors, refused or not found, and
// are not retried.
func TestWriteRefused(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	_, err := client.CreateDeploymentJob(context.Background(), CreateDeploymentJobRequest{Name: "x", JobType: "nonsense",
		CertIDs: []int64{11174100}, ResourceIDs: []int64{20979}, ContactIDs: []int64{3304}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || Classify(err).Kind != KindRefused || seen.count("CreateDeploymentJob") != 1 {
		t.Fatalf("err = %v (%v), sent %d times; want one refusal", err, Classify(err).Kind, seen.count("CreateDeploymentJob"))
	}
	if err := client.DeleteDeploymentJob(context.Background(), 99999); Classify(err).Kind != KindNotFound || seen.count("DeleteDeploymentJob") != 1 {
		t.Fatalf("deleting a job that does not exist: %v (%v), sent %d times; want one, not found", err, Classify(err).Kind, seen.count("DeleteDeploymentJob"))
	}
	if _, err := client.ListUserCertificateOrder(context.Background(), UserCertificateFilter{OrderType: "CPACK"}); err == nil ||
		seen.count("ListUserCertificateOrder") != 0 {
		t.Fatalf("OrderType CPACK: err = %v; want an error before anything is sent", err)
	}
}

// A write whose answer is lost is not sent again: the job was created, the
// caller is told the outcome is unknown and finds exactly one job.
func TestWriteAnswerLostIsNotRepeated(t *testing.T) {
	cut := 0
	// created: whether the emulator carried the request out before the fault.
	for name, c := range map[string]struct {
		fault   emulator.Fault
		created int
	}{
		"answer cut off":        {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, Truncate: &cut}, 1},
		"an answer too slow":    {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, SlowBody: emulator.Duration(time.Hour)}, 1},
		"connection dropped":    {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, Drop: true}, 0},
		"a 5xx":                 {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, Fail: &emulator.Failure{Code: "ServiceUnavailable"}}, 0},
		"a proxy's 502 page":    {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, Body: ptr("<html>502</html>"), Status: 502}, 0},
		"a 200 it cannot parse": {emulator.Fault{Action: "CreateDeploymentJob", Times: 1, Body: ptr(`{"JobId":`)}, 0},
	} {
		t.Run(name, func(t *testing.T) {
			fault := c.fault
			clk := clocktest.New()
			client, _, seen := clockedEmulator(t, clk, func(c *Config) { c.ConnectTimeout, c.ReadTimeout = 200*time.Millisecond, 200*time.Millisecond }, fault)
			before, err := client.ListDeploymentJobs(context.Background(), DeploymentJobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.CreateDeploymentJob(context.Background(), CreateDeploymentJobRequest{Name: "once", JobType: JobTypeUser,
				CertIDs: []int64{11174100}, ResourceIDs: []int64{20979}, ContactIDs: []int64{3304}})
			var unknown *OutcomeUnknownError
			if !errors.As(err, &unknown) || unknown.Attempts != 1 || unknown.Action != "CreateDeploymentJob" {
				t.Fatalf("err = %T %v; want an OutcomeUnknownError after one attempt", err, err)
			}
			if n := seen.count("CreateDeploymentJob"); n != 1 {
				t.Fatalf("CreateDeploymentJob sent %d times, want once", n)
			}
			after, err := client.ListDeploymentJobs(context.Background(), DeploymentJobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if created := len(after.Jobs) - len(before.Jobs); created != c.created {
				t.Fatalf("%d jobs created, want %d", created, c.created)
			}
		})
	}
}

// A write the answer proves undone is tried again: throttled, or its
// request never sent.
func TestWriteRetriedWhenProvenUndone(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil, emulator.Fault{Action: "UploadUserCertificate", Times: 2,
		Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(100 * time.Millisecond)}})
	certPEM, keyPEM := selfSigned(t, "retry.example.com")
	up, err := client.UploadUserCertificate(context.Background(), UploadUserCertificateRequest{Name: "alicas_throttled", Cert: certPEM, Key: keyPEM})
	if err != nil {
		t.Fatal(err)
	}
	if n := seen.count("UploadUserCertificate"); n != 3 {
		t.Fatalf("UploadUserCertificate sent %d times, want 2 throttled and 1 accepted", n)
	}
	uploads, err := client.ListUserCertificateOrder(context.Background(), UserCertificateFilter{OrderType: OrderTypeUpload, Keyword: "retry.example.com"})
	if err != nil || len(uploads.Certificates) != 1 || int64(*uploads.Certificates[0].CertificateID) != up.CertID {
		t.Fatalf("uploads %+v, %v: want exactly the one", uploads, err)
	}

	t.Run("connection refused", func(t *testing.T) {
		ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		url := "http://" + ln.Addr().String()
		_ = ln.Close()
		client, _ := testClient(t, url, func(c *Config) { c.Clock = clocktest.New(); c.MaxRetries = DefaultMaxRetries })
		err = client.DeleteDeploymentJob(context.Background(), 1)
		var retryErr *RetryError
		var unknown *OutcomeUnknownError
		if !errors.As(err, &retryErr) || retryErr.Attempts != 3 || !errors.Is(err, ErrUnreachable) || errors.As(err, &unknown) {
			t.Fatalf("err = %v; want three attempts, nothing answered", err)
		}
	})
}

// A job given a ScheduleTime and set pending waits for it, on the
// emulator's clock, then runs.
func TestScheduledJobWaitsForItsTime(t *testing.T) {
	clk := clocktest.New()
	client, _, _ := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	at := clk.Now().Add(time.Minute)
	jobID, err := client.CreateDeploymentJob(ctx, CreateDeploymentJobRequest{Name: "scheduled", JobType: JobTypeUser,
		CertIDs: []int64{11174100}, ResourceIDs: []int64{20979}, ContactIDs: []int64{3304}, ScheduleTime: at})
	if err != nil {
		t.Fatal(err)
	}
	later := at.Add(time.Minute)
	if err := client.UpdateDeploymentJob(ctx, UpdateDeploymentJobRequest{JobID: jobID, ScheduleTime: &later}); err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateDeploymentJobStatus(ctx, jobID, JobPending); err != nil {
		t.Fatal(err)
	}
	job := func() DeploymentJobDetail {
		res, err := client.DescribeDeploymentJob(ctx, jobID)
		if err != nil {
			t.Fatal(err)
		}
		return res.Job
	}
	if j := job(); string(*j.Status) != "pending" || Instant(int64(*j.ScheduleTime)) != later.UTC().Truncate(time.Millisecond) {
		t.Fatalf("job %+v; want pending, scheduled at %s", j, later)
	}
	if err := clk.Sleep(ctx, later.Add(-time.Second).Sub(clk.Now())); err != nil {
		t.Fatal(err)
	}
	if j := job(); string(*j.Status) != "pending" {
		t.Fatalf("a second before its time the job is %s, want pending", *j.Status)
	}
	waitFor(t, clk, "the job succeeds", func() bool { return string(*job().Status) == "success" })
	if started := Instant(int64(*job().StartTime)); started.Before(later) {
		t.Fatalf("started at %s, before its ScheduleTime %s", started, later)
	}
}

// Every listing walks its pages, whatever its list and total are called:
// 60 uploads make two pages of ListUserCertificateOrder.
func TestListingsWalkTheirPages(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	const uploads = 60
	for i := range uploads {
		certPEM, keyPEM := selfSigned(t, fmt.Sprintf("host%d.paging.example", i))
		if _, err := client.UploadUserCertificate(ctx, UploadUserCertificateRequest{Name: fmt.Sprintf("paging_%d", i), Cert: certPEM, Key: keyPEM}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := client.ListUserCertificateOrder(ctx, UserCertificateFilter{OrderType: OrderTypeUpload, Keyword: "paging.example"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Certificates) != uploads || res.Pages != 2 || seen.count("ListUserCertificateOrder") != 2 {
		t.Fatalf("%d certificates from %d pages (%d calls), want %d from 2", len(res.Certificates), res.Pages, seen.count("ListUserCertificateOrder"), uploads)
	}
	if q := seen.query("ListUserCertificateOrder"); q.Get("OrderType") != OrderTypeUpload || q.Get("CurrentPage") != "2" || q.Get("ShowSize") != "50" {
		t.Fatalf("last page asked with %v", q)
	}
}
