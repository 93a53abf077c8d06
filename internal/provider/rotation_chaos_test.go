package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// A rotation as users run it (a renewed certificate uploaded with
// alicas_certificate, then deployed by alicas_deployment_job), four times in
// a row, while a fifth of all calls fail at random: answers lost after the
// write was carried out, connections reset before it was sent, 503,
// throttling, 500 after the write. Counted on the emulator, each rotation
// uploads one certificate and runs one job; nothing is left behind; after
// every apply the next plan is empty (the harness checks it), and the
// resource carries the last certificate.
func TestAccRotation_underRandomFaults(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			rotateUnderFaults(t, seed, 4)
		})
	}
}

const rotationConfig = `
variable "cert" {
  type = string
}
variable "key" {
  type      = string
  ephemeral = true
}
resource "alicas_certificate" "web" {
  name_prefix            = "rotated-"
  certificate            = var.cert
  private_key_wo         = var.key
  private_key_wo_version = 1
  lifecycle {
    create_before_destroy = true
  }
}
resource "alicas_deployment_job" "web" {
  name            = "rotate-www"
  certificate_ids = [alicas_certificate.web.cert_id]
  resource_ids    = ["22005"]
  contact_ids     = ["3304"]
}
`

func rotateUnderFaults(t *testing.T, seed uint64, rotations int) {
	opts := emulator.Options{JobStep: time.Minute, Faults: emulator.Chaos(seed, 0.2)}
	clock := fakeJobTime(&opts)
	srv := startEmulator(t, opts, "")
	certs := make([]testCert, rotations)
	steps := make([]resource.TestStep, rotations)
	for i := range certs {
		certs[i] = validTestCert(t, "www.example.io")
		steps[i] = resource.TestStep{
			Config:          providerConfig(srv.URL) + rotationConfig,
			ConfigVariables: config.Variables{"cert": config.StringVariable(certs[i].cert), "key": config.StringVariable(certs[i].key)},
			Check:           carriesRotation(t, srv, clock, certs[i], i+1),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			stats := srv.Stats()
			t.Logf("seed %d: %d requests; faults met: %s; carried out %v", seed, stats.Requests, faultsMet(stats), stats.CarriedOut)
			want := map[string]int64{"UploadUserCertificate": int64(rotations), "CreateDeploymentJob": int64(rotations),
				"UpdateDeploymentJobStatus": int64(rotations),
				"DeleteDeploymentJob":       int64(rotations), "DeleteUserCertificate": int64(rotations)}
			if err := carriedOut(stats, want); err != nil {
				return err
			}
			return leftovers(patientClient(t, srv.URL, clock), 0, 0)
		},
	})
}

// carriesRotation checks the state after rotation n: the account holds one
// certificate and one job of the rotation, each made once, and the resource
// carries the certificate.
func carriesRotation(t *testing.T, srv *testEmulator, clock cas.Clock, c testCert, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		stats := srv.Stats()
		if err := carriedOut(stats, map[string]int64{"UploadUserCertificate": int64(n), "CreateDeploymentJob": int64(n), "UpdateDeploymentJobStatus": int64(n),
			"DeleteDeploymentJob": int64(n - 1), "DeleteUserCertificate": int64(n - 1)}); err != nil {
			return fmt.Errorf("after rotation %d: %w", n, err)
		}
		client := patientClient(t, srv.URL, clock)
		if err := leftovers(client, 1, 1); err != nil {
			return fmt.Errorf("after rotation %d: %w", n, err)
		}
		certID := s.RootModule().Resources["alicas_certificate.web"].Primary.Attributes["cert_id"]
		res, err := client.ListCloudResources(context.Background(), cas.CloudResourceFilter{})
		if err != nil {
			return err
		}
		for _, r := range res.Resources {
			if r.ID.Value() == 22005 && fmt.Sprint(r.CertID.Value()) != certID {
				return fmt.Errorf("after rotation %d resource 22005 carries certificate %d, want %s", n, r.CertID.Value(), certID)
			}
		}
		if fp := s.RootModule().Resources["alicas_certificate.web"].Primary.Attributes["fingerprint"]; fp != fingerprint(c.cert) {
			return fmt.Errorf("after rotation %d the state holds certificate %s, want %s", n, fp, fingerprint(c.cert))
		}
		return nil
	}
}

// patientClient reads the account through the faults, retrying as the
// provider does.
func patientClient(t *testing.T, url string, clock cas.Clock) *cas.Client {
	return testClientOn(t, url, clock, func(c *cas.Config) { c.MaxRetries = cas.DefaultMaxRetries })
}

// carriedOut compares what the account carried out, by action, with want.
func carriedOut(stats emulator.Stats, want map[string]int64) error {
	for action, n := range want {
		if got := stats.CarriedOut[action]; got != n {
			return fmt.Errorf("%s was carried out %d times, want %d (faults met: %s)", action, got, n, faultsMet(stats))
		}
	}
	return nil
}

// leftovers checks that the account holds exactly certs uploaded
// certificates of the rotation and jobs of its name.
func leftovers(client *cas.Client, certs, jobs int) error {
	ctx := context.Background()
	var uploaded []string
	for _, status := range []string{"", "EXPIRED"} {
		res, err := client.ListUserCertificateOrder(ctx, cas.UserCertificateFilter{OrderType: cas.OrderTypeUpload, Status: status})
		if err != nil {
			return err
		}
		for _, c := range res.Certificates {
			if strings.HasPrefix(c.Name.Value(), "rotated-") {
				uploaded = append(uploaded, c.Name.Value())
			}
		}
	}
	list, err := client.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{})
	if err != nil {
		return err
	}
	var named []int64
	for _, j := range list.Jobs {
		if j.Name.Value() == "rotate-www" {
			named = append(named, j.ID.Value())
		}
	}
	if len(uploaded) != certs || len(named) != jobs {
		return fmt.Errorf("the account holds certificates %v and jobs %v, want %d and %d", uploaded, named, certs, jobs)
	}
	return nil
}

// faultsMet lists the injected faults and error answers the emulator gave.
func faultsMet(stats emulator.Stats) string {
	var met []string
	for outcome, n := range stats.Outcomes {
		if outcome != "OK" {
			met = append(met, fmt.Sprintf("%s %d", outcome, n))
		}
	}
	sort.Strings(met)
	return strings.Join(met, ", ")
}
