package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// badInput is one odd answer CAS, or something in front of it, can give,
// and what the user must get: the right certificates in state, or one clear
// diagnostic (with the RequestId when the answer had one). Never a crash,
// never a wrong value.
type badInput struct {
	name   string
	body   string // the whole answer body (see fault for others)
	status int    // HTTP status of body; 0 means 200
	fault  *emulator.Fault
	want   knownvalue.Check // certificates, when the read succeeds
	errs   []string         // diagnostic parts in order, when it fails
}

// The certificate every field of which is absent.
var allNull = map[string]knownvalue.Check{
	"cert_id": knownvalue.Null(), "order_id": knownvalue.Null(), "cert_instance_id": knownvalue.Null(),
	"cert_name": knownvalue.Null(), "common_name": knownvalue.Null(), "sans": knownvalue.Null(),
	"algorithm": knownvalue.Null(), "not_before_time": knownvalue.Null(), "not_after_time": knownvalue.Null(),
	"not_before": knownvalue.Null(), "not_after": knownvalue.Null(), "month": knownvalue.Null(),
	"status_code": knownvalue.Null(), "cert_type": knownvalue.Null(), "cert_order_type": knownvalue.Null(),
	"is_trustee": knownvalue.Null(),
}

func oneCert(fields map[string]knownvalue.Check) knownvalue.Check {
	return knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(fields)})
}

const cannotUse = "ListDeploymentJobCert gave an answer the provider cannot use"

var badInputs = []badInput{
	// Answers that must give the right values.
	{name: "the documented answer", body: `{"Data":[{"CertId":11174100,"CertName":"edkog.shop","IsTrustee":true,"NotAfterTime":1715161266000}],"RequestId":"R"}`,
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(11174100), "cert_name": knownvalue.StringExact("edkog.shop"),
			"is_trustee": knownvalue.Bool(true), "not_after": knownvalue.StringExact("2024-05-08T09:41:06Z")})},
	{name: "null Data is no certificates", body: `{"Data":null,"RequestId":"R"}`, want: knownvalue.ListExact([]knownvalue.Check{})},
	{name: "empty Data", body: `{"Data":[]}`, want: knownvalue.ListExact([]knownvalue.Check{})},
	{name: "unknown extra fields are ignored", body: `{"Data":[{"CertId":1,"Brand":"GeoTrust","Nested":{"a":[1,{"b":null}]}}],"Extra":true,"RequestId":"R"}`,
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(1), "cert_name": knownvalue.Null()})},
	{name: "numbers sent as strings, exactly", body: `{"Data":[{"CertId":"9007199254740993","Month":" 12 ","NotAfterTime":"1715161266000"}]}`,
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(9007199254740993), "month": knownvalue.Int64Exact(12),
			"not_after_time": knownvalue.Int64Exact(1715161266000)})},
	{name: "booleans sent as strings", body: `{"Data":[{"CertId":1,"IsTrustee":"false"},{"CertId":2,"IsTrustee":"TRUE"}]}`,
		want: knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"is_trustee": knownvalue.Bool(false)}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"is_trustee": knownvalue.Bool(true)}),
		})},
	{name: "a seconds timestamp", body: `{"Data":[{"NotBeforeTime":1683625266,"NotAfterTime":1715161266}]}`,
		want: oneCert(map[string]knownvalue.Check{"not_before_time": knownvalue.Int64Exact(1683625266),
			"not_before": knownvalue.StringExact("2023-05-09T09:41:06Z"), "not_after": knownvalue.StringExact("2024-05-08T09:41:06Z")})},
	{name: "an integer in exponent form", body: `{"Data":[{"NotAfterTime":1.715161266108E12}]}`,
		want: oneCert(map[string]knownvalue.Check{"not_after_time": knownvalue.Int64Exact(1715161266108),
			"not_after": knownvalue.StringExact("2024-05-08T09:41:06.108Z")})},
	{name: "a number where a string belongs", body: `{"Data":[{"CertName":12345,"Sans":["a.example",7]}]}`,
		want: oneCert(map[string]knownvalue.Check{"cert_name": knownvalue.StringExact("12345"),
			"sans": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("a.example"), knownvalue.StringExact("7")})})},
	{name: "an order without a certificate", body: `{"Data":[{"OrderId":5,"Sans":[]}]}`,
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Null(), "order_id": knownvalue.Int64Exact(5), "sans": knownvalue.ListExact([]knownvalue.Check{})})},
	{name: "explicit nulls are absent", body: `{"Data":[{"CertId":null,"CertName":null,"IsTrustee":null,"Sans":null}],"RequestId":null}`,
		want: knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(allNull)})},
	{name: "a 200 carrying a retryable error, once", fault: &emulator.Fault{Times: 1, Body: ptr(`{"Code":"ServiceUnavailable","Message":"busy","Data":[{"CertId":666}]}`)},
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(42)})},

	// An odd value in one field (see odd_values_test.go for its warning) is
	// null; every other field stays exact.
	{name: "an integer beyond int64", body: `{"Data":[{"CertId":9223372036854775808,"CertName":"a"}]}`,
		want: oneCert(map[string]knownvalue.Check{"cert_id": knownvalue.Null(), "cert_name": knownvalue.StringExact("a")})},
	{name: "a fraction for an integer", body: `{"Data":[{"CertId":1},{"CertId":2,"NotAfterTime":1.5}]}`,
		want: knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(1)}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(2), "not_after_time": knownvalue.Null(), "not_after": knownvalue.Null()}),
		})},
	{name: "a boolean that is not one", body: `{"Data":[{"IsTrustee":"yes","Month":3}]}`,
		want: oneCert(map[string]knownvalue.Check{"is_trustee": knownvalue.Null(), "month": knownvalue.Int64Exact(3)})},
	{name: "an object for a string", body: `{"Data":[{"CertName":{"zh":"x"},"CommonName":"a.example"}]}`,
		want: oneCert(map[string]knownvalue.Check{"cert_name": knownvalue.Null(), "common_name": knownvalue.StringExact("a.example")})},
	{name: "a date-time text for a timestamp", body: `{"Data":[{"NotBeforeTime":"2026-05-20 07:02:11","NotAfterTime":1715161266000}]}`,
		want: oneCert(map[string]knownvalue.Check{"not_before_time": knownvalue.Null(), "not_before": knownvalue.Null(),
			"not_after": knownvalue.StringExact("2024-05-08T09:41:06Z")})},
	{name: "an empty string for a timestamp", body: `{"Data":[{"NotAfterTime":"","Sans":["a.example",{"x":1}]}]}`,
		want: oneCert(map[string]knownvalue.Check{"not_after_time": knownvalue.Null(), "not_after": knownvalue.Null(), "sans": knownvalue.Null()})},

	// Answers that must give one clear diagnostic.
	{name: "missing Data", body: `{"RequestId":"R"}`, errs: []string{cannotUse, "the body has no Data field", "RequestId: R"}},
	{name: "Data not a list", body: `{"Data":{"CertId":1}}`, errs: []string{cannotUse, "Data is not a list", "RequestId: " + requestIDPattern}},
	{name: "a null certificate", body: `{"Data":[{"CertId":1},null]}`, errs: []string{cannotUse, `Data\[1\] is null`}},
	{name: "an empty body", body: ``, errs: []string{cannotUse, "the body is empty", "RequestId: " + requestIDPattern}},
	{name: "truncated JSON", body: `{"Data":[{"CertId":1,"CertName":"ed`, errs: []string{cannotUse, "the JSON is truncated", "RequestId: " + requestIDPattern}},
	{name: "malformed JSON", body: `{"Data":[{"CertId":1,}]}`, errs: []string{cannotUse, "malformed JSON at byte"}},
	{name: "a proxy's page with status 200", body: `<html><body>Please log in to the proxy</body></html>`,
		errs: []string{cannotUse, `\(HTTP 200\): the body is not a JSON object: "<html>`, "Nothing was written to state"}},
	{name: "a 200 carrying a permanent error", body: `{"Code":"Forbidden.RAM","Message":"denied","RequestId":"RID-7"}`,
		errs: []string{"ListDeploymentJobCert answered HTTP 200 with Code Forbidden.RAM: denied", "RequestId: RID-7", "AliyunYundunCertReadOnlyAccess"}},
	{name: "a certificate that is not an object", body: `{"Data":[{"CertId":1},"x"]}`, errs: []string{cannotUse, `Data\[1\]: got JSON string`}},
	{name: "an unexpected status", body: `{"Data":[]}`, status: 203,
		want: knownvalue.ListExact([]knownvalue.Check{})}, // 203 is a success
	{name: "an error without Code or RequestId", body: `{"Message":"nope"}`, status: 403,
		errs: []string{"ListDeploymentJobCert answered HTTP 403 with no error Code: nope", "RequestId: " + requestIDPattern}},
	{name: "a redirect that is not followed", body: ``, status: 304, errs: []string{cannotUse, "HTTP status 304 is not a success"}},
	// Persistent transient faults: retried (max_retries = 1 here), then reported with the count.
	{name: "a proxy's 502 page, again and again", body: `<html>502 Bad Gateway</html>`, status: 502,
		errs: []string{cannotUse, `\(HTTP 502\): the error body is not JSON: <html>502`, `Gave up after 2 attempts`}},
	{name: "a 503 without Code or RequestId, again and again", body: `{"message":"busy"}`, status: 503,
		errs: []string{"answered HTTP 503 with no error Code: busy", "RequestId: " + requestIDPattern, "Gave up after 2 attempts"}},
	{name: "a 200 carrying Throttling, again and again", body: `{"Code":"Throttling","Message":"slow down"}`,
		errs: []string{"HTTP 200 with Code Throttling: slow down", "Gave up after 2 attempts"}},
	{name: "answers cut off in transit", fault: &emulator.Fault{Truncate: ptr(12)},
		errs: []string{"the connection closed before the whole answer arrived", "Gave up after 2 attempts"}},
	{name: "connections dropped", fault: &emulator.Fault{Drop: true},
		errs: []string{"the connection closed without an answer", "Gave up after 2 attempts"}},
}

// TestAccDeploymentJobCerts_badInput reads every case of badInputs through
// the terraform CLI: the readable ones in one plan, each failing one alone.
func TestAccDeploymentJobCerts_badInput(t *testing.T) {
	var faults []emulator.Fault
	var readable strings.Builder
	var checks []statecheck.StateCheck
	var steps []resource.TestStep
	for i, c := range badInputs {
		job := int64(i + 1)
		f := emulator.Fault{Body: &c.body, Status: c.status}
		if c.fault != nil {
			f = *c.fault
		}
		f.Jobs = []int64{job}
		faults = append(faults, f)
		data := fmt.Sprintf("data \"alicas_deployment_job_certs\" \"case_%d\" {\n  job_id = %d\n}\n", job, job)
		if c.errs != nil {
			steps = append(steps, resource.TestStep{Config: data, ExpectError: errorPattern(c.errs...)})
			continue
		}
		readable.WriteString(data)
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("data.alicas_deployment_job_certs.case_%d", job), tfjsonpath.New("certificates"), c.want))
	}
	fixture := `{"jobs": {"12": [{"CertId": 42}]}}` // what the once-failing case 12 serves next
	if badInputs[11].fault == nil || badInputs[11].fault.Times != 1 {
		t.Fatal("case 12 must be the once-failing one")
	}
	url := startEmulator(t, emulator.Options{Faults: faults}, fixture).URL
	provider := providerConfig(url, "max_retries = 1")
	for i := range steps {
		steps[i].Config = provider + steps[i].Config
	}
	steps = append([]resource.TestStep{{Config: provider + readable.String(), ConfigStateChecks: checks}}, steps...)
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProviders, Steps: steps})
	t.Logf("%d odd answers: %d read correctly, %d refused with a diagnostic", len(badInputs), len(checks), len(steps)-1)
}
