package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const certificateAddress = "data.alicas_certificate.test"

// One uploaded certificate, every field, its PEM and chain; its key nowhere.
func TestAccCertificate_mapping(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "web.example.com", "www.web.example.com")
	up, err := benchClient(t, srv.URL).UploadUserCertificate(context.Background(), cas.UploadUserCertificateRequest{Name: "web-2027", Cert: c.cert, Key: c.key})
	if err != nil {
		t.Fatal(err)
	}
	leaf, ca := c.leaf, func() string { x, _ := testCA(); return x.Subject.CommonName }()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + `
data "alicas_certificate" "test" {
  cert_id = ` + itoa(up.CertID) + `
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("cert_id"), knownvalue.Int64Exact(up.CertID)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("cert_identifier"), knownvalue.StringExact(itoa(up.CertID)+"-cn-hangzhou")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("name"), knownvalue.StringExact("web-2027")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("common_name"), knownvalue.StringExact("web.example.com")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("sans"), stringsExact("web.example.com", "www.web.example.com")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("not_before_time"), knownvalue.Int64Exact(leaf.NotBefore.UnixMilli())),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("not_before"), knownvalue.StringExact(leaf.NotBefore.UTC().Format("2006-01-02T15:04:05Z"))),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("not_after"), knownvalue.StringExact(leaf.NotAfter.UTC().Format("2006-01-02T15:04:05Z"))),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("start_date"), datePattern),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("expired"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(fingerprint(c.cert))),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("sha2"), sha256Pattern),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("issuer"), knownvalue.StringExact(ca)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("serial_no"), knownvalue.StringExact(leaf.SerialNumber.Text(16))),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("algorithm"), knownvalue.StringExact("ECC")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("instance_id"), knownvalue.StringExact(up.ResourceID)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("buy_in_aliyun"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("order_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("cert_sha2"), knownvalue.Null()),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("tags"), knownvalue.Null()),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("org_name"), knownvalue.StringExact("Test Ltd")),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("certificate"), knownvalue.StringExact(c.cert)),
				statecheck.ExpectKnownValue(certificateAddress, tfjsonpath.New("cert_chain"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"common_name": knownvalue.StringExact("web.example.com"),
						"issuer_common_name": knownvalue.StringExact(ca), "not_after": rfc3339Pattern, "remain_day": knownvalue.NotNull()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"common_name": knownvalue.StringExact(ca), "issuer_common_name": knownvalue.StringExact(ca)}),
				})),
				noTextInState{"PRIVATE KEY"},
			},
		}},
	})
}

// A certificate the account does not have fails the read, saying so.
func TestAccCertificate_notFound(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:      providerConfig(url) + "data \"alicas_certificate\" \"test\" {\n  cert_id = 999\n}\n",
			ExpectError: errorPattern("Could not read certificate 999", "NotFound.Certificate", requestIDPattern),
		}, {
			Config:      providerConfig(url) + "data \"alicas_certificate\" \"test\" {\n  cert_id = 0\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`cert_id must be a whole number of at least 1, got 0`),
		}},
	})
}

// noTextInState fails when the state, as terraform shows it, holds text.
type noTextInState struct{ text string }

func (c noTextInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := jsonText(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(b, c.text) {
		resp.Error = errText("the state holds " + c.text)
	}
}

func TestAccExample_certificate(t *testing.T) {
	t.Parallel()
	exampleRuns(t, "data-sources/alicas_certificate/data-source.tf", startEmulator(t, emulator.Options{}, "").URL,
		statecheck.ExpectKnownOutputValue("web_certificate", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"identifier": knownvalue.StringExact("11174100-cn-hangzhou"),
			"domains":    stringsExact("www.example.com", "example.com", "api.example.com", "static.example.com"),
			"not_after":  rfc3339Pattern,
			"issuers":    stringsExact("Alicas Emulator Sample CA", "Alicas Emulator Sample CA"),
		})))
}
