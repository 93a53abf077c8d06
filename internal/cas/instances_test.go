package cas

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// An application on the wire: settings sent with lists flattened as the
// SDKs send them, read back; applied; its records read; the instance listed
// by status; withdrawn, and a second withdrawal refused.
func TestInstanceApplicationOnTheWire(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	const id = "cas_dv-cn-emu0b1"
	err := client.UpdateInstance(ctx, UpdateInstanceRequest{InstanceID: id, Domain: "www.example.com", ValidationMethod: "DNS",
		KeyAlgorithm: "ECC_256", ContactIDList: []int64{3304, 3317}, Tags: map[string]string{"team": "web", "env": "prod"}})
	if err != nil {
		t.Fatal(err)
	}
	q := seen.query("UpdateInstance")
	if q.Get("ContactIdList.1") != "3304" || q.Get("ContactIdList.2") != "3317" || q.Get("Tags.1.TagKey") != "env" ||
		q.Get("Tags.2.TagValue") != "web" || q.Has("Csr") || q.Has("CompanyId") {
		t.Fatalf("UpdateInstance query: %v", q)
	}
	d, err := client.GetInstanceDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Domain.Value() != "www.example.com" || d.KeyAlgorithm.Value() != "ECC_256" || len(d.ContactIDList) != 2 || len(d.Tags) != 2 ||
		d.CurrentStatus() != InstanceInactive || d.DomainValidationList != nil || d.CertificateID != nil {
		t.Fatalf("detail before applying: %+v", d)
	}
	if err := client.ApplyCertificate(ctx, id); err != nil {
		t.Fatal(err)
	}
	if d, err = client.GetInstanceDetail(ctx, id); err != nil || d.CurrentStatus() != InstancePending || len(d.DomainValidationList) != 1 ||
		d.DomainValidationList[0].ValidationKey.Value() != "_dnsauth.www" || d.DomainValidationList[0].RootDomain.Value() != "example.com" {
		t.Fatalf("detail after applying: %+v, %v", d, err)
	}
	pending, err := client.ListInstances(ctx, InstanceFilter{Status: InstancePending})
	if err != nil || len(pending.Instances) != 1 || pending.Instances[0].InstanceID.Value() != id {
		t.Fatalf("pending instances: %+v, %v", pending, err)
	}
	if err := client.CancelPendingCertificate(ctx, id); err != nil {
		t.Fatal(err)
	}
	err = client.CancelPendingCertificate(ctx, id)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "OperationDenied.StatusNotSupport" || Classify(err).Kind != KindRefused ||
		seen.count("CancelPendingCertificate") != 2 {
		t.Fatalf("withdrawing twice: %v; want one refusal, not retried", err)
	}
	if _, err := client.GetInstanceDetail(ctx, "cas_dv-cn-nothere"); Classify(err).Kind != KindNotFound {
		t.Fatalf("an unknown instance: %v; want not found", err)
	}
}

// Each new write is settled by the caller, not repeated: a lost answer is
// an OutcomeUnknownError after one attempt, the write carried out once.
func TestInstanceWritesAnswerLost(t *testing.T) {
	for _, action := range []string{"UpdateInstance", "ApplyCertificate", "CancelPendingCertificate"} {
		t.Run(action, func(t *testing.T) {
			clk := clocktest.New()
			client, srv, seen := clockedEmulator(t, clk, func(c *Config) { c.ConnectTimeout, c.ReadTimeout = 200*time.Millisecond, 200*time.Millisecond },
				emulator.Fault{Action: action, Times: 1, Drop: true, After: true})
			ctx := context.Background()
			const id = "cas_dv-cn-emu0t1"
			write := func(a string) error {
				switch a {
				case "UpdateInstance":
					return client.UpdateInstance(ctx, UpdateInstanceRequest{InstanceID: id, Domain: "www.example.com", ContactIDList: []int64{3304}})
				case "ApplyCertificate":
					return client.ApplyCertificate(ctx, id)
				}
				return client.CancelPendingCertificate(ctx, id)
			}
			for _, a := range []string{"UpdateInstance", "ApplyCertificate", "CancelPendingCertificate"} {
				err := write(a)
				var unknown *OutcomeUnknownError
				switch {
				case a == action && (!errors.As(err, &unknown) || unknown.Attempts != 1):
					t.Fatalf("%s: %v; want an OutcomeUnknownError after one attempt", a, err)
				case a != action && err != nil:
					t.Fatalf("%s: %v", a, err)
				}
				if a == action {
					break
				}
			}
			if n := seen.count(action); n != 1 {
				t.Fatalf("%s sent %d times, want once", action, n)
			}
			if n := srv.Stats().CarriedOut[action]; n != 1 {
				t.Fatalf("%s carried out %d times, want once", action, n)
			}
		})
	}
}

// GetMatchedResources reads Data as a list or as a string holding one.
func TestGetMatchedResources(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil, emulator.Fault{Action: "GetMatchedResources", Times: 1,
		Body: ptr(`{"RequestId":"26F62CED-1E0E-51AA-B8EB-BCD61C5B0C50","Data":"[]","MaxResults":20,"NextToken":""}`)})
	ctx := context.Background()
	if got, err := client.GetMatchedResources(ctx, []int64{11174106}); err != nil || len(got) != 0 {
		t.Fatalf("Data \"[]\": %+v, %v; want none", got, err)
	}
	got, err := client.GetMatchedResources(ctx, []int64{11174106, 11174101})
	if err != nil {
		t.Fatal(err)
	}
	var domains []string
	for _, r := range got {
		domains = append(domains, r.Domain.Value())
	}
	if len(domains) != 5 || seen.query("GetMatchedResources").Get("CertIds") != "11174106,11174101" {
		t.Fatalf("matched: %v (asked %v)", domains, seen.query("GetMatchedResources"))
	}
}

// ListInstances walks its pages, EachInstance stops when told.
func TestListInstances(t *testing.T) {
	clk := clocktest.New()
	client, _, _ := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	all, err := client.ListInstances(ctx, InstanceFilter{})
	if err != nil || len(all.Instances) != 3 || all.Pages != 1 {
		t.Fatalf("instances: %+v, %v", all, err)
	}
	var normal Instance
	for _, in := range all.Instances {
		if in.CurrentStatus() == InstanceNormal {
			normal = in
		}
	}
	if normal.CertificateID.Value() != 11174101 || normal.CertificateStatus.Value() != CertificateWillExpire {
		t.Fatalf("the normal instance: %+v", normal)
	}
	seenIDs := 0
	if err := client.EachInstance(ctx, InstanceFilter{InstanceType: "BUY"}, func(Instance) bool { seenIDs++; return false }); err != nil || seenIDs != 1 {
		t.Fatalf("EachInstance: %d, %v; want to stop after one", seenIDs, err)
	}
}
