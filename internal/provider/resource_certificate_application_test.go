package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// The default account's instances: cas_dv-cn-emu0t1 (a free test
// certificate, one name, 90 days) and cas_dv-cn-emu0b1 (bought DV); its
// DNS hosts example.io, which CAS validates by itself; other zones need the
// record published (emulator.Server.PublishDNSRecord).

const application = "alicas_certificate_application.web"

func applicationConfig(url, instance, domain string, extra string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "alicas_certificate_application" "web" {
  instance_id = %q
  domains     = [%q]
  contact_ids = ["3304"]
}
%s`, instance, domain, extra)
}

const validationAndJob = `
resource "alicas_certificate_validation" "web" {
  application_id = alicas_certificate_application.web.id
}
resource "alicas_deployment_job" "web" {
  name            = "issued"
  certificate_ids = [alicas_certificate_validation.web.certificate_id]
  resource_ids    = ["20979"]
  contact_ids     = ["3304"]
}
`

// renewBefore sets the application's renew_before_days in config.
func renewBefore(config string, days int) string {
	return strings.Replace(config, `contact_ids = ["3304"]
}`, fmt.Sprintf("contact_ids = [\"3304\"]\n  renew_before_days = %d\n}", days), 1)
}

// publishRecords publishes, as a DNS resource would, every record the
// application in state asks for, with value (or the one asked when empty).
func publishRecords(srv *testEmulator, value string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[application].Primary.Attributes
		n, _ := strconv.Atoi(attrs["validation_records.#"]) // 0 when absent
		for i := range n {
			at := func(k string) string { return attrs[fmt.Sprintf("validation_records.%d.%s", i, k)] }
			v := value
			if v == "" {
				v = at("value")
			}
			if err := srv.PublishDNSRecord(emulator.DNSRecord{DomainName: at("domain_name"), RR: at("rr"), Type: at("type"), Value: v}); err != nil {
				return err
			}
		}
		return nil
	}
}

// Apply, publish the record it asks for, wait for issuance, deploy the
// certificate; then a plan inside the renewal window replaces the
// application (and so the job), one outside it does not.
func TestAccCertificateApplication_issuedDeployedRenewed(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	applied := applicationConfig(srv.URL, "cas_dv-cn-emu0t1", "www.example.com", "")
	deployed := applicationConfig(srv.URL, "cas_dv-cn-emu0t1", "www.example.com", validationAndJob)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: applied,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(application, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				statecheck.ExpectKnownValue(application, tfjsonpath.New("validation_records"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"domain": knownvalue.StringExact("www.example.com"), "domain_name": knownvalue.StringExact("example.com"),
						"rr": knownvalue.StringExact("_dnsauth.www"), "type": knownvalue.StringExact("TXT"), "value": knownvalue.NotNull(),
					}),
				})),
				statecheck.ExpectKnownValue(application, tfjsonpath.New("certificate_id"), knownvalue.Null()),
			},
			Check: publishRecords(srv, ""),
		}, {
			Config: deployed,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicas_certificate_validation.web", tfjsonpath.New("certificate_id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: func(s *terraform.State) error {
				certID := s.RootModule().Resources["alicas_certificate_validation.web"].Primary.Attributes["certificate_id"]
				res, err := testClientOn(t, srv.URL, clock).ListCloudResources(context.Background(), cas.CloudResourceFilter{})
				if err != nil {
					return err
				}
				for _, r := range res.Resources {
					if r.ID.Value() == 20979 && fmt.Sprint(r.CertID.Value()) != certID {
						return fmt.Errorf("resource 20979 carries certificate %d, want the issued %s", r.CertID.Value(), certID)
					}
				}
				return nil
			},
		}, {
			// The certificate lasts 90 days and was just issued: 89 days before its end is still to come. (The
			// gateway's clock check keeps the test from moving time by days: the window moves instead.)
			Config: renewBefore(deployed, 89),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(application, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
			},
		}, {
			// 90 days before its end has come: the plan renews.
			Config:             renewBefore(deployed, 90),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(application, plancheck.ResourceActionReplace),
				plancheck.ExpectResourceAction("alicas_certificate_validation.web", plancheck.ResourceActionReplace),
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionReplace),
			}},
		}},
	})
}

// In a zone CAS validates by itself nothing needs publishing.
func TestAccCertificateApplication_hostedZoneNeedsNoRecord(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: applicationConfig(srv.URL, "cas_dv-cn-emu0t1", "www.example.io", `
resource "alicas_certificate_validation" "web" {
  application_id = alicas_certificate_application.web.id
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicas_certificate_validation.web", tfjsonpath.New("certificate_id"), knownvalue.NotNull()),
			},
		}},
	})
}

// A wrong record ends the application: the apply fails with CAS's reason.
func TestAccCertificateApplication_failureGivesTheReason(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: applicationConfig(srv.URL, "cas_dv-cn-emu0t1", "www.example.com", ""),
			Check:  publishRecords(srv, "not-the-value"),
		}, {
			Config: applicationConfig(srv.URL, "cas_dv-cn-emu0t1", "www.example.com", `
resource "alicas_certificate_validation" "web" {
  application_id = alicas_certificate_application.web.id
}
`),
			ExpectError: errorPattern(`CAS did not issue the certificate of instance cas_dv-cn-emu0t1`, `ended without a certificate`),
		}},
	})
}

// Destroying an application still pending withdraws it, once, even when
// the answer is lost; the instance can apply again. Lost answers to the
// instance's settings and to the application are settled the same way.
func TestAccCertificateApplication_destroyPendingWithdraws(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute, Faults: []emulator.Fault{
		{Action: "UpdateInstance", Times: 1, Drop: true, After: true},
		{Action: "CancelPendingCertificate", Times: 1, Drop: true, After: true},
		{Action: "ApplyCertificate", Times: 1, Fail: &emulator.Failure{Code: "ServiceUnavailable"}, After: true},
	}}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: applicationConfig(srv.URL, "cas_dv-cn-emu0b1", "shop.example.net", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(application, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			stats := srv.Stats()
			if stats.CarriedOut["UpdateInstance"] != 1 || stats.CarriedOut["ApplyCertificate"] != 1 || stats.CarriedOut["CancelPendingCertificate"] != 1 {
				return fmt.Errorf("carried out %d settings, %d applications and %d withdrawals, want 1 each", stats.CarriedOut["UpdateInstance"],
					stats.CarriedOut["ApplyCertificate"], stats.CarriedOut["CancelPendingCertificate"])
			}
			d, err := testClientOn(t, srv.URL, clock).GetInstanceDetail(context.Background(), "cas_dv-cn-emu0b1")
			if err != nil {
				return err
			}
			if d.CurrentStatus() == cas.InstancePending {
				return fmt.Errorf("instance cas_dv-cn-emu0b1 is still pending after destroy")
			}
			return nil
		},
	})
}

// The documented example runs: issued in a hosted zone with nothing
// published, deployed to every resource the name matches (the ALB
// www.example.io), the next plan empty; destroyed, the certificate stays.
func TestAccExample_certificateApplication(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/resources/alicas_certificate_application/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	cfg := providerConfig(srv.URL) + string(example)
	var issued int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		// Destroying an issued application changes nothing in CAS: the certificate stays.
		CheckDestroy: func(*terraform.State) error {
			if _, err := testClientOn(t, srv.URL, clock).GetUserCertificateDetail(context.Background(), issued, false); err != nil {
				return fmt.Errorf("the issued certificate %d after destroy: %w", issued, err)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) (err error) {
				issued, err = strconv.ParseInt(s.RootModule().Resources["alicas_certificate_validation.www"].Primary.Attributes["certificate_id"], 10, 64)
				return err
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicas_certificate_validation.www", tfjsonpath.New("certificate_id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("alicas_deployment_job.www", tfjsonpath.New("resource_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(22005)})),
				statecheck.ExpectKnownValue("alicas_deployment_job.www", tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
		}, {
			Config:   cfg,
			PlanOnly: true,
		}},
	})
}
