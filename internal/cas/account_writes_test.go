package cas

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// A contact's life on the wire: created, read back masked, updated with
// every field (one left out would be cleared), refused while a job
// notifies it, deleted.
func TestContactLifecycle(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	hooks := []string{"https://oapi.dingtalk.com/robot/send?access_token=abc"}
	id, err := client.CreateContact(ctx, ContactRequest{Name: "wire", Mobile: "13512345678", Email: "wire.user@example.com", Webhooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	if q := seen.query("CreateContact"); q.Get("Webhooks") != `["https://oapi.dingtalk.com/robot/send?access_token=abc"]` || q.Get("Mobile") != "13512345678" {
		t.Fatalf("CreateContact query: %v; want Webhooks as a JSON array in a string", q)
	}
	got, err := client.GetContact(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name.Value() != "wire" || !MaskedMatches(got.Email.Value(), "wire.user@example.com") || got.Email.Value() == "wire.user@example.com" ||
		!MaskedMatches(got.Mobile.Value(), "13512345678") || got.Mobile.Value() == "13512345678" || !slices.Equal(stringsOf(got.WebhookURLs()), hooks) {
		t.Fatalf("GetContact: %+v; want the name and webhooks plain, email and mobile masked", got)
	}

	// Only the name changes, but every field goes: the emulator clears what is left out.
	if err := client.UpdateContact(ctx, id, ContactRequest{Name: "wire-renamed", Mobile: "13512345678", Email: "wire.user@example.com", Webhooks: hooks}); err != nil {
		t.Fatal(err)
	}
	q := seen.query("UpdateContact")
	for _, name := range []string{"ContactId", "Name", "Mobile", "Email", "Webhooks"} {
		if !q.Has(name) {
			t.Errorf("UpdateContact sent without %s: %v", name, q)
		}
	}
	list, err := client.ListContact(ctx, "wire-renamed")
	if err != nil || len(list.Contacts) != 1 || list.Contacts[0].Email.Value() != "wire.user@example.com" || len(list.Contacts[0].WebhookURLs()) != 1 {
		t.Fatalf("after renaming: %+v, %v; want the email and webhook kept", list, err)
	}

	jobID, err := client.CreateDeploymentJob(ctx, CreateDeploymentJobRequest{Name: "notify", JobType: JobTypeUser,
		CertIDs: []int64{11174100}, ResourceIDs: []int64{20979}, ContactIDs: []int64{id}})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteContact(ctx, id); !InUse(err) {
		t.Fatalf("deleting a contact job %d notifies: %v; want a refusal as in use", jobID, err)
	}
	if err := client.DeleteDeploymentJob(ctx, jobID); err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteContact(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetContact(ctx, id); Classify(err).Kind != KindNotFound {
		t.Fatalf("GetContact of a deleted contact: %v; want not found", err)
	}
}

// Webhooks CAS does not take are refused, and the refusal is not retried.
func TestContactWebhookRefused(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	_, err := client.CreateContact(context.Background(), ContactRequest{Name: "slack", Mobile: "13512345678",
		Webhooks: []string{"https://hooks.slack.com/services/T000/B000/XXX"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidParameter.Webhooks" || Classify(err).Kind != KindRefused || seen.count("CreateContact") != 1 {
		t.Fatalf("a Slack webhook: %v, sent %d times; want one refusal InvalidParameter.Webhooks", err, seen.count("CreateContact"))
	}
}

// A key of another cloud: added with its secret in the form body (never
// in the URL, which is logged), listed with the key ID masked and no
// secret, found by its whole key ID, deleted.
func TestCloudAccessLifecycle(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil)
	ctx := context.Background()
	const secret = "tencent-secret-never-in-a-url"
	if err := client.AddCloudAccess(ctx, AddCloudAccessRequest{CloudName: CloudTencent, SecretID: "AKIDwire0001", SecretKey: secret}); err != nil {
		t.Fatal(err)
	}
	if q := seen.query("AddCloudAccess"); q.Has("SecretKey") || q.Get("SecretId") != "AKIDwire0001" || q.Get("CloudName") != "Tencent" {
		t.Fatalf("AddCloudAccess query: %v; want CloudName and SecretId, the secret in the body", q)
	}
	list, err := client.ListCloudAccess(ctx, CloudAccessFilter{CloudName: CloudTencent, SecretID: "AKIDwire0001"})
	if err != nil || len(list.Keys) != 1 {
		t.Fatalf("ListCloudAccess: %+v, %v; want the one key", list, err)
	}
	k := list.Keys[0]
	if k.SecretID.Value() == "AKIDwire0001" || !MaskedMatches(k.SecretID.Value(), "AKIDwire0001") || k.ServiceStatus.Value() != "normal" {
		t.Fatalf("listed key %+v; want the key ID masked, status normal", k)
	}
	if other, err := client.ListCloudAccess(ctx, CloudAccessFilter{SecretID: "AKIDother"}); err != nil || len(other.Keys) != 0 {
		t.Fatalf("another key ID: %+v, %v; want none", other, err)
	}
	if err := client.DeleteCloudAccess(ctx, k.AccessID.Value()); err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteCloudAccess(ctx, k.AccessID.Value()); Classify(err).Kind != KindNotFound {
		t.Fatalf("deleting it again: %v; want not found", err)
	}
}

// AddCloudAccess whose answer is lost is not sent again: the caller is
// told the outcome is unknown, and finds the one key by listing.
func TestAddCloudAccessAnswerLostIsNotRepeated(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil, emulator.Fault{Action: "AddCloudAccess", Times: 1, Drop: true, After: true})
	err := client.AddCloudAccess(context.Background(), AddCloudAccessRequest{CloudName: CloudAws, SecretID: "AKIAWIRE", SecretKey: "s"})
	var unknown *OutcomeUnknownError
	if !errors.As(err, &unknown) || seen.count("AddCloudAccess") != 1 {
		t.Fatalf("err = %v, sent %d times; want an OutcomeUnknownError after one attempt", err, seen.count("AddCloudAccess"))
	}
	list, err := client.ListCloudAccess(context.Background(), CloudAccessFilter{CloudName: CloudAws, SecretID: "AKIAWIRE"})
	if err != nil || len(list.Keys) != 1 {
		t.Fatalf("keys: %+v, %v; want exactly one", list, err)
	}
}

func TestMaskedMatches(t *testing.T) {
	for _, c := range []struct {
		masked, plain string
		want          bool
	}{
		{"tes****1@example.com", "test.user1@example.com", true},
		{"tes****1@example.com", "test.user2@example.com", false},
		{"139****8888", "13912348888", true},
		{"139****8888", "13812348888", false},
		{"ops@example.com", "ops@example.com", true},
		{"ops@example.com", "dev@example.com", false},
		{"AKIDwir******", "AKIDwire0001", true},
		{"abc****cba", "abcba", false}, // too short to hold both ends
	} {
		if got := MaskedMatches(c.masked, c.plain); got != c.want {
			t.Errorf("MaskedMatches(%q, %q) = %v, want %v", c.masked, c.plain, got, c.want)
		}
	}
}

func stringsOf(s []String) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}
