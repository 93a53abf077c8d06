package lifecycle_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// The default account's instances (internal/emulator/instances.go).
const (
	instanceBought = "cas_dv-cn-emu0b1" // BUY, 2 names + 1 wildcard, inactive
	instanceTest   = "cas_dv-cn-emu0t1" // TEST, 1 name, inactive
	instanceShop   = "cas-ivauto-7hm3qa"
)

// settings for an instance: names by DNS, Li Wei told.
func settings(instanceID, domain string) lifecycle.InstanceSettings {
	return lifecycle.InstanceSettings{InstanceID: instanceID, Domain: domain, ValidationMethod: "DNS", KeyAlgorithm: "ECC_256",
		ContactIDList: []int64{contactLiWei}}
}

// publish puts each record where the emulator's DNS looks for it, as a
// test or the demo would through a DNS provider.
func (e *env) publish(records []lifecycle.ValidationRecord, value func(lifecycle.ValidationRecord) string) {
	e.t.Helper()
	for _, r := range records {
		if err := e.srv.PublishDNSRecord(emulator.DNSRecord{DomainName: r.DomainName, RR: r.RR, Type: r.Type, Value: value(r)}); err != nil {
			e.t.Fatal(err)
		}
	}
}

func asPublished(r lifecycle.ValidationRecord) string { return r.Value }

// applied configures the instance for domain and applies, through the engine.
func (e *env) applied(instanceID, domain string) lifecycle.Application {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.engine.ConfigureInstance(ctx, settings(instanceID, domain)); err != nil {
		e.t.Fatalf("ConfigureInstance: %v", err)
	}
	app, err := e.engine.Apply(ctx, instanceID)
	if err != nil {
		e.t.Fatalf("Apply: %v", err)
	}
	return app
}

// The whole application: configured, applied, its records published as a
// DNS provider takes them, waited for; the certificate is the account's,
// with PEM and key, listed under the instance and deployable where its
// names match.
func TestIssuance_publishedRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	d, err := e.engine.ConfigureInstance(ctx, settings(instanceBought, "www.example.com,example.com"))
	if err != nil || d.CurrentStatus() != cas.InstanceInactive || d.Domain.Value() != "www.example.com,example.com" {
		t.Fatalf("configured: %+v, %v", d, err)
	}
	app, err := e.engine.Apply(ctx, instanceBought)
	if err != nil || app.PreviousCertID != 0 {
		t.Fatalf("Apply: %+v, %v", app, err)
	}
	records, _, err := e.engine.AwaitValidationRecords(ctx, instanceBought)
	if err != nil {
		t.Fatal(err)
	}
	want := []lifecycle.ValidationRecord{{Domain: "example.com", DomainName: "example.com", RR: "_dnsauth", Type: "TXT"},
		{Domain: "www.example.com", DomainName: "example.com", RR: "_dnsauth.www", Type: "TXT"}}
	if len(records) != len(want) {
		t.Fatalf("records %+v; want %+v", records, want)
	}
	for i, r := range records {
		if r.Domain != want[i].Domain || r.DomainName != want[i].DomainName || r.RR != want[i].RR || r.Type != want[i].Type || r.Value == "" {
			t.Fatalf("record %d: %+v; want %+v with a value", i, r, want[i])
		}
	}
	e.publish(records, asPublished)
	issued, err := e.engine.WaitForIssuance(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	certID := issued.CertificateID.Value()
	if issued.CurrentStatus() != cas.InstanceNormal || issued.CertificateStatus.Value() != cas.CertificateIssued || certID == 0 ||
		issued.CertIdentifier.Value() == "" || issued.DomainValidationList != nil {
		t.Fatalf("issued: %+v", issued)
	}
	detail, err := e.check.GetUserCertificateDetail(ctx, certID, true)
	if err != nil || detail.Common.Value() != "www.example.com" || detail.Key == nil || !strings.Contains(detail.Cert.Value(), "BEGIN CERTIFICATE") ||
		detail.InstanceID.Value() != instanceBought {
		t.Fatalf("the certificate's detail: %+v, %v", detail, err)
	}
	listed, err := e.check.ListUserCertificateOrder(ctx, cas.UserCertificateFilter{Keyword: instanceBought})
	if err != nil || len(listed.Certificates) != 1 || listed.Certificates[0].CertificateID.Value() != certID ||
		listed.Certificates[0].InstanceID.Value() != instanceBought {
		t.Fatalf("certificates of %s: %+v, %v", instanceBought, listed, err)
	}
	jobID, err := e.engine.CreateJob(ctx, spec("deploy-issued", certID, resNLB))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.engine.StartJob(ctx, jobID, false); err != nil {
		t.Fatal(err)
	}
	if status, err := e.engine.WaitJob(ctx, jobID, cas.JobScheduling, lifecycle.Running, lifecycle.Finished); err != nil || status != cas.JobSuccess {
		t.Fatalf("deploying the issued certificate: %s, %v", status, err)
	}
}

// A zone the account hosts (example.io) validates by itself: nothing is
// published, and the certificate comes.
func TestIssuance_hostedZoneValidatesItself(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	app := e.applied(instanceTest, "shop.example.io")
	issued, err := e.engine.WaitForIssuance(ctx, app)
	if err != nil || !app.Issued(issued) {
		t.Fatalf("hosted zone: %+v, %v", issued, err)
	}
}

// A record published with another value fails the application: the wait
// ends with CAS's reason, and the instance may apply again.
func TestIssuance_wrongValueFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	app := e.applied(instanceBought, "www.example.com")
	records, _, err := e.engine.AwaitValidationRecords(ctx, instanceBought)
	if err != nil {
		t.Fatal(err)
	}
	e.publish(records, func(lifecycle.ValidationRecord) string { return "not-the-value" })
	_, err = e.engine.WaitForIssuance(ctx, app)
	var ended *lifecycle.ApplicationEndedError
	if !errors.As(err, &ended) || ended.Status != cas.InstanceInactive || !strings.Contains(ended.Reason, "not-the-value") ||
		!strings.Contains(err.Error(), "_dnsauth.www.example.com") {
		t.Fatalf("a wrong value: %v; want an ApplicationEndedError naming the record and the value", err)
	}
	if _, err := e.engine.Apply(ctx, instanceBought); err != nil {
		t.Fatalf("applying again after a failure: %v", err)
	}
}

// Records never published fail the application after the checks allowed.
func TestIssuance_unpublishedFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	app := e.applied(instanceBought, "www.example.com")
	_, err := e.engine.WaitForIssuance(ctx, app)
	var ended *lifecycle.ApplicationEndedError
	if !errors.As(err, &ended) || !strings.Contains(ended.Reason, "not found after 30 checks") {
		t.Fatalf("never published: %v", err)
	}
	if elapsed := e.clock.Elapsed(); elapsed < 30*time.Second {
		t.Fatalf("failed after %s on the clock; want the 30 checks of a second", elapsed)
	}
}

// Withdrawing settles after a step; nothing outstanding is no error; the
// instance may apply again.
func TestIssuance_cancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.applied(instanceBought, "www.example.com")
	status, err := e.engine.Cancel(ctx, instanceBought)
	if err != nil || status != cas.InstanceInactive {
		t.Fatalf("Cancel: %s, %v; want inactive", status, err)
	}
	if status, err := e.engine.Cancel(ctx, instanceBought); err != nil || status != cas.InstanceInactive {
		t.Fatalf("Cancel with nothing outstanding: %s, %v", status, err)
	}
	if n := e.sent.count("CancelPendingCertificate"); n != 1 {
		t.Fatalf("CancelPendingCertificate sent %d times, want once", n)
	}
	if _, err := e.engine.Apply(ctx, instanceBought); err != nil {
		t.Fatalf("applying again after withdrawing: %v", err)
	}
}

// The resources a certificate's names cover, by ID.
func TestMatchedResources(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	got, err := e.engine.MatchedResources(context.Background(), certExampleIO)
	if err != nil || len(got) != 2 || got[0].ID.Value() != resALBIO || got[1].Domain.Value() != "cdn.example.io" {
		t.Fatalf("resources *.example.io covers: %+v, %v", got, err)
	}
}

// The validation records as data: relative host records, "@" for a key
// naming the zone itself, sorted; nil when nothing is outstanding.
func TestValidationRecords(t *testing.T) {
	t.Parallel()
	s := func(v string) *cas.String { x := cas.String(v); return &x }
	d := &cas.InstanceDetail{DomainValidationList: []cas.DomainValidation{
		{Domain: s("www.example.net"), RootDomain: s("example.net"), ValidationType: s("txt"), ValidationKey: s("_dnsauth.www.example.net"), ValidationValue: s("v1")},
		{Domain: s("example.net"), RootDomain: s("example.net"), ValidationType: s("TXT"), ValidationKey: s("example.net"), ValidationValue: s("v2")},
	}}
	got := lifecycle.ValidationRecords(d)
	if len(got) != 2 || got[0].RR != "@" || got[1].RR != "_dnsauth.www" || got[1].Type != "TXT" || got[1].DomainName != "example.net" {
		t.Fatalf("records: %+v", got)
	}
	if lifecycle.ValidationRecords(&cas.InstanceDetail{}) != nil {
		t.Fatal("records of an instance with none outstanding: want nil")
	}
}
