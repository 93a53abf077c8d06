package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

type instanceView struct {
	InstanceID, Status, PendingResult, CertificateStatus string
	CertificateID                                        int64
	DomainValidationList                                 []struct {
		Domain, RootDomain, ValidationType, ValidationKey, ValidationValue string
	}
}

func (e *env) instance(t *testing.T, id string) (instanceView, map[string]json.RawMessage) {
	t.Helper()
	var v instanceView
	e.mustCall(t, "GetInstanceDetail", map[string]string{"InstanceId": id}, &v)
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(e.last(t).respBody, &raw)
	return v, raw
}

func (e *env) configure(t *testing.T, id, domain string) {
	t.Helper()
	e.mustCall(t, "UpdateInstance", map[string]string{"InstanceId": id, "Domain": domain, "ValidationMethod": "DNS",
		"KeyAlgorithm": "ECC_256", "ContactIdList.1": "3304"}, nil)
}

// An application under a zone the account does not host waits for its
// record, published through the DNS endpoint, then issues a certificate of
// the account; the records are absent (not []) before and after.
func TestApplication_publishedRecordIssues(t *testing.T) {
	e, clock := newAccountEnv(t)
	const id = "cas_dv-cn-emu0b1"
	e.configure(t, id, "www.example.com,example.com")
	if v, raw := e.instance(t, id); v.Status != instanceInactive || raw["DomainValidationList"] != nil || raw["CertificateId"] != nil {
		t.Fatalf("before applying: %s", e.last(t).respBody)
	}
	e.mustCall(t, "ApplyCertificate", map[string]string{"InstanceId": id}, nil)
	v, _ := e.instance(t, id)
	if v.Status != instancePending || len(v.DomainValidationList) != 2 {
		t.Fatalf("after applying: %s", e.last(t).respBody)
	}
	www := v.DomainValidationList[0]
	if www.RootDomain != "example.com" || www.ValidationKey != "_dnsauth.www" || www.ValidationType != "TXT" ||
		v.DomainValidationList[1].ValidationKey != "_dnsauth" {
		t.Fatalf("records: %+v", v.DomainValidationList)
	}
	clock.Advance(5 * testStep)
	if v, _ := e.instance(t, id); v.Status != instancePending || len(v.DomainValidationList) != 2 {
		t.Fatalf("unpublished, after 5 checks: %s", e.last(t).respBody)
	}
	for _, r := range v.DomainValidationList {
		body, _ := json.Marshal(DNSRecord{r.RootDomain, r.ValidationKey, r.ValidationType, r.ValidationValue})
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, e.http.URL+"/dns/records", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != http.StatusNoContent {
			t.Fatalf("publishing: %v %v", res, err)
		}
		_ = res.Body.Close()
	}
	clock.Advance(2 * testStep)
	v, raw := e.instance(t, id)
	if v.Status != instanceNormal || v.CertificateStatus != "issued" || v.CertificateID < firstIssuedCertID || raw["DomainValidationList"] != nil {
		t.Fatalf("published, two steps later: %s", e.last(t).respBody)
	}
	var detail struct{ Common, Sans, InstanceID, Cert, Key string }
	e.mustCall(t, "GetUserCertificateDetail", map[string]string{"CertId": jsonNumber(v.CertificateID)}, &detail)
	if detail.Common != "www.example.com" || detail.Sans != "www.example.com,example.com" || !strings.Contains(detail.Cert, "BEGIN CERTIFICATE") || detail.Key == "" {
		t.Fatalf("the issued certificate: %s", e.last(t).respBody)
	}
}

// A hosted zone validates by itself; a wrong value fails the application
// with the reason in PendingResult; withdrawing settles after a step.
func TestApplication_hostedFailedCancelled(t *testing.T) {
	e, clock := newAccountEnv(t)
	e.configure(t, "cas_dv-cn-emu0t1", "www.example.io")
	e.mustCall(t, "ApplyCertificate", map[string]string{"InstanceId": "cas_dv-cn-emu0t1"}, nil)
	clock.Advance(2 * testStep)
	if v, _ := e.instance(t, "cas_dv-cn-emu0t1"); v.Status != instanceNormal || v.CertificateID == 0 {
		t.Fatalf("hosted zone, two steps later: %s", e.last(t).respBody)
	}

	const id = "cas_dv-cn-emu0b1"
	e.configure(t, id, "www.example.com")
	e.mustCall(t, "ApplyCertificate", map[string]string{"InstanceId": id}, nil)
	if err := e.call(t, "ApplyCertificate", map[string]string{"InstanceId": id}, nil); err == nil || !strings.Contains(err.Error(), "OperationDenied.StatusNotSupport") {
		t.Fatalf("applying twice: %v", err)
	}
	if err := e.call(t, "UpdateInstance", map[string]string{"InstanceId": id, "Domain": "a.example.com"}, nil); err == nil || !strings.Contains(err.Error(), "InvalidStatus.UpdateProtection") {
		t.Fatalf("updating while pending: %v", err)
	}
	v, _ := e.instance(t, id)
	r := v.DomainValidationList[0]
	if err := e.srv.PublishDNSRecord(DNSRecord{r.RootDomain, r.ValidationKey, "TXT", "wrong"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(testStep)
	if v, raw := e.instance(t, id); v.Status != instanceInactive || !strings.Contains(v.PendingResult, `"wrong"`) || raw["DomainValidationList"] != nil {
		t.Fatalf("a wrong value: %s", e.last(t).respBody)
	}

	e.mustCall(t, "ApplyCertificate", map[string]string{"InstanceId": id}, nil)
	e.mustCall(t, "CancelPendingCertificate", map[string]string{"InstanceId": id}, nil)
	if v, raw := e.instance(t, id); v.Status != instancePending || raw["DomainValidationList"] != nil {
		t.Fatalf("just withdrawn: %s", e.last(t).respBody)
	}
	if err := e.call(t, "CancelPendingCertificate", map[string]string{"InstanceId": id}, nil); err == nil || !strings.Contains(err.Error(), "OperationDenied.StatusNotSupport") {
		t.Fatalf("withdrawing twice: %v", err)
	}
	clock.Advance(testStep)
	if v, _ := e.instance(t, id); v.Status != instanceInactive || v.PendingResult != "cancelled" {
		t.Fatalf("a step after withdrawing: %s", e.last(t).respBody)
	}
}

// GetMatchedResources answers the resources a certificate's names cover.
func TestGetMatchedResources(t *testing.T) {
	e, _ := newAccountEnv(t)
	var res struct {
		Data []struct {
			ID     int64 `json:"Id"`
			Domain string
		}
	}
	e.mustCall(t, "GetMatchedResources", map[string]string{"CertIds": "11174106"}, &res)
	var got []string
	for _, r := range res.Data {
		got = append(got, r.Domain)
	}
	if strings.Join(got, ",") != "www.example.io,cdn.example.io" {
		t.Fatalf("resources *.example.io covers: %v (%s)", got, e.last(t).respBody)
	}
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

// The DNS endpoint lists what is published and the hosted zones, deletes a
// record, and refuses a record without a name.
func TestDNSEndpoint(t *testing.T) {
	e, _ := newAccountEnv(t)
	send := func(method, body string) int {
		req, _ := http.NewRequestWithContext(t.Context(), method, e.http.URL+"/dns/records", strings.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	list := func() (zones []string, records []DNSRecord) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.http.URL+"/dns/records", nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		var got struct {
			HostedZones []string    `json:"hosted_zones"`
			Records     []DNSRecord `json:"records"`
		}
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		return got.HostedZones, got.Records
	}
	if code := send(http.MethodPost, `{"domain_name":"Example.com.","rr":"_dnsauth.WWW","type":"txt","value":"v"}`); code != http.StatusNoContent {
		t.Fatalf("POST: %d", code)
	}
	zones, records := list()
	if len(zones) != 1 || zones[0] != "example.io" || len(records) != 1 || records[0] != (DNSRecord{"example.com", "_dnsauth.www", "TXT", "v"}) {
		t.Fatalf("GET: %v %+v", zones, records)
	}
	if code := send(http.MethodPost, `{"rr":"_dnsauth"}`); code != http.StatusBadRequest {
		t.Fatalf("a record without a zone: %d", code)
	}
	if code := send(http.MethodDelete, `{"domain_name":"example.com","rr":"_dnsauth.www","type":"TXT"}`); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	if _, records := list(); len(records) != 0 {
		t.Fatalf("after DELETE: %+v", records)
	}
}
