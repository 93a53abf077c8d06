package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const certificatesAddress = "data.alicas_certificates.test"

var (
	rfc3339Pattern = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	datePattern    = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\d$`))
	sha1Pattern    = knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F]{40}$`))
	sha256Pattern  = knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F]{64}$`))
)

// The default account's certificates through each filter: valid ones by
// default (CERT), uploaded ones, expired, revoked, by keyword, none.
func TestAccCertificates_filters(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	ids := func(address string, want ...string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("ids"), stringsExact(want...))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_certificates" "test" {}
data "alicas_certificates" "uploaded" {
  order_type = "UPLOAD"
}
data "alicas_certificates" "expired" {
  status = "EXPIRED"
}
data "alicas_certificates" "revoked" {
  order_type = "CERT"
  status     = "REVOKED"
}
data "alicas_certificates" "shop" {
  keyword = "shop"
}
data "alicas_certificates" "none" {
  keyword = "no-such-domain"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				ids(certificatesAddress, "11174106", "11174102", "11174101", "11174100"),
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("certificates").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"cert_id":           knownvalue.Int64Exact(11174102),
					"cert_identifier":   knownvalue.StringExact("11174102-cn-hangzhou"),
					"name":              knownvalue.StringExact("legacy-api (uploaded)"),
					"common_name":       knownvalue.StringExact("legacy.example.net"),
					"sans":              stringsExact("legacy.example.net"),
					"start_date":        datePattern,
					"end_date":          datePattern,
					"not_before":        knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT16:00:00Z$`)),
					"not_after":         knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT16:00:00Z$`)),
					"expired":           knownvalue.Bool(false),
					"fingerprint":       sha1Pattern,
					"sha2":              sha256Pattern,
					"issuer":            knownvalue.StringExact("Alicas Emulator Sample CA"),
					"serial_no":         knownvalue.StringExact("5a11ce02"),
					"instance_id":       knownvalue.StringExact("cas-upload-k2v9xd"),
					"uploaded":          knownvalue.Bool(true),
					"resource_group_id": knownvalue.Null(),
					"org_name":          knownvalue.StringExact("Example Ltd"),
					"country":           knownvalue.StringExact("CN"),
					"province":          knownvalue.StringExact("Zhejiang"),
					"city":              knownvalue.StringExact("Hangzhou"),
				})),
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("certificates").AtSliceIndex(3).AtMapKey("sans"),
					stringsExact("www.example.com", "example.com", "api.example.com", "static.example.com")),
				ids("data.alicas_certificates.uploaded", "11174106", "11174102"),
				ids("data.alicas_certificates.expired", "20010001"),
				statecheck.ExpectKnownValue("data.alicas_certificates.expired", tfjsonpath.New("certificates").AtSliceIndex(0).AtMapKey("expired"), knownvalue.Bool(true)),
				ids("data.alicas_certificates.revoked", "11174105"),
				ids("data.alicas_certificates.shop", "11174101"),
				ids("data.alicas_certificates.none"),
				statecheck.ExpectKnownValue("data.alicas_certificates.none", tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// On the international site cert_identifier ends in ap-southeast-1.
func TestAccCertificates_internationalIdentifier(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url, `account_type = "International"`, `region = "ap-southeast-1"`) + `
data "alicas_certificates" "test" {
  keyword = "shop"
}
data "alicas_certificate" "test" {
  cert_id = 11174101
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("certificates").AtSliceIndex(0).AtMapKey("cert_identifier"),
					knownvalue.StringExact("11174101-ap-southeast-1")),
				statecheck.ExpectKnownValue("data.alicas_certificate.test", tfjsonpath.New("cert_identifier"), knownvalue.StringExact("11174101-ap-southeast-1")),
			},
		}},
	})
}

// countingCalls counts the requests for action that reach the emulator.
func countingCalls(action string, calls *atomic.Int64) emulatorOption {
	return wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("x-acs-action") == action {
				calls.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	})
}

// Every page is read: 60 certificates uploaded to the emulator and its two
// samples come in two pages of 50, newest first.
func TestAccCertificates_everyPage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := startEmulator(t, emulator.Options{}, "", countingCalls("ListUserCertificateOrder", &calls))
	client := benchClient(t, srv.URL)
	var want []string
	for i := range 60 {
		c := validTestCert(t, fmt.Sprintf("p%02d.example.com", i))
		res, err := client.UploadUserCertificate(context.Background(), cas.UploadUserCertificateRequest{Name: fmt.Sprintf("page-%02d", i), Cert: c.cert, Key: c.key})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]string{strconv.FormatInt(res.CertID, 10)}, want...)
	}
	want = append(want, "11174106", "11174102")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + `
data "alicas_certificates" "test" {
  order_type = "UPLOAD"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("ids"), stringsExact(want...)),
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("certificates").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("page-59"), "common_name": knownvalue.StringExact("p59.example.com"),
					"issuer": knownvalue.StringExact("Alicas Test CA"), "uploaded": knownvalue.Bool(true),
				})),
			},
		}},
	})
	calls.Store(0)
	if resp := dataSourceReader(t, srv.URL, "alicas_certificates")(nil); len(resp.Diagnostics) != 0 {
		t.Fatal(resp.Diagnostics)
	}
	if calls.Load() != 2 {
		t.Errorf("one read made %d ListUserCertificateOrder calls, want 2", calls.Load())
	}
}

// syntheticCertificate: the 1st has an odd date and flag, the 2nd only its ID.
func syntheticCertificate(i int) string {
	switch i {
	case 1:
		return `{"CertificateId": 70001, "Name": "odd", "StartDate": "2026/01/01", "EndDate": "2027-01-01", "Expired": "maybe", "Sans": "a.example,,b.example"}`
	case 2:
		return `{"CertificateId": 70002}`
	}
	return fmt.Sprintf(`{"CertificateId": %d, "Name": "c%d", "StartDate": "2026-01-01", "EndDate": "2027-01-01", "Expired": false, "Upload": true}`, 70000+i, i)
}

// Odd values are null with one warning; absent ones are null.
func TestAccCertificates_oddValues(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListUserCertificateOrder", "CertificateOrderList", "TotalCount", 3, syntheticCertificate, &calls)).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_certificates" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certificatesAddress, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(70000),
						"start_date": knownvalue.StringExact("2026-01-01"), "not_before": knownvalue.StringExact("2025-12-31T16:00:00Z"),
						"not_after": knownvalue.StringExact("2026-12-31T16:00:00Z"), "expired": knownvalue.Bool(false)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(70001),
						"start_date": knownvalue.Null(), "not_before": knownvalue.Null(), "end_date": knownvalue.StringExact("2027-01-01"),
						"expired": knownvalue.Null(), "sans": stringsExact("a.example", "b.example")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(70002),
						"cert_identifier": knownvalue.StringExact("70002-cn-hangzhou"), "name": knownvalue.Null(), "sans": knownvalue.Null(),
						"not_after": knownvalue.Null(), "uploaded": knownvalue.Null()}),
				})),
			},
		}},
	})
	resp := dataSourceReader(t, url, "alicas_certificates")(nil)
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "ListUserCertificateOrder sent 2 value(s)") ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- certificates[1] (CertificateId 70001): StartDate = "2026/01/01"`) ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- certificates[1] (CertificateId 70001): Expired = "maybe"`) {
		t.Errorf("want one warning naming both odd values, got %v", resp.Diagnostics)
	}
}

func TestAccCertificates_filterValidation(t *testing.T) {
	argumentErrors(t, "alicas_certificates", map[string]string{
		`order_type = "CPACK"`: `value must be one of: \["CERT" "UPLOAD"\]`,
		`status = "issued"`:    `value must be one of: \["ISSUED" "WILLEXPIRED" "EXPIRED" "REVOKED"\]`,
		`keyword = ""`:         `Attribute keyword string length must be at least 1`,
	})
}

func TestAccExample_certificates(t *testing.T) {
	t.Parallel()
	exampleRuns(t, "data-sources/alicas_certificates/data-source.tf", startEmulator(t, emulator.Options{}, "").URL,
		statecheck.ExpectKnownOutputValue("expiring", knownvalue.MapExact(map[string]knownvalue.Check{
			"11174101-cn-hangzhou": knownvalue.StringRegexp(regexp.MustCompile(`^shop\.example\.com until \d{4}-\d\d-\d\d$`)),
		})))
}
