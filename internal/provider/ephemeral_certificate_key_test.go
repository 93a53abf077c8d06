package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// The key CAS holds, handed to a write-only argument: here a copy of the
// certificate uploaded under another name, which CAS takes only with the
// certificate's own key. The key is in neither state nor plan.
func TestAccCertificateKeyEphemeral_feedsWriteOnly(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "copy.example.com")
	up, err := benchClient(t, srv.URL).UploadUserCertificate(context.Background(), cas.UploadUserCertificateRequest{Name: "original", Cert: c.cert, Key: c.key})
	if err != nil {
		t.Fatal(err)
	}
	noKey := keyAbsent{keyChunks(t, c)}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + `
data "alicas_certificate" "original" {
  cert_id = ` + itoa(up.CertID) + `
}
ephemeral "alicas_certificate_key" "original" {
  cert_id = ` + itoa(up.CertID) + `
}
resource "alicas_certificate" "copy" {
  name                   = "copy"
  certificate            = data.alicas_certificate.original.certificate
  private_key_wo         = ephemeral.alicas_certificate_key.original.private_key
  private_key_wo_version = 1
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{noKey}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicas_certificate.copy", tfjsonpath.New("fingerprint"), knownvalue.StringExact(fingerprint(c.cert))),
				noKey,
			},
		}},
	})
}

func TestAccCertificateKeyEphemeral_unknownCertificate(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
ephemeral "alicas_certificate_key" "test" {
  cert_id = 999
}
`,
			ExpectError: errorPattern("Could not read the key of certificate 999", "NotFound.Certificate"),
		}},
	})
}

// The documented example runs as written against the emulator's sample
// certificate.
func TestAccExample_certificateKeyEphemeral(t *testing.T) {
	t.Parallel()
	exampleRuns(t, "ephemeral-resources/alicas_certificate_key/ephemeral-resource.tf", startEmulator(t, emulator.Options{}, "").URL,
		statecheck.CompareValuePairs("alicas_certificate.web_copy", tfjsonpath.New("fingerprint"),
			"data.alicas_certificate.web", tfjsonpath.New("fingerprint"), compare.ValuesSame()),
		statecheck.ExpectKnownValue("alicas_certificate.web_copy", tfjsonpath.New("name"), knownvalue.StringExact("web-copy")))
}
