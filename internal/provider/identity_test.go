package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Resource identity needs Terraform 1.12 or later: each resource records the
// number CAS gives its object as its identity, keeps it through refresh, and
// is imported by it from an import block.
var identityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// identitySteps apply config, check that resource's identity is its state's
// attr (after apply and after a refresh), then import it by identity.
func identitySteps(config, address, attr string) []resource.TestStep {
	matches := []statecheck.StateCheck{statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New(attr))}
	return []resource.TestStep{
		{Config: config, ConfigStateChecks: matches},
		{RefreshState: true, ConfigStateChecks: matches},
		{Config: config, ResourceName: address, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	}
}

func TestAccDeploymentJob_identity(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: quickJobs(5 * time.Millisecond),
		Steps:                    identitySteps(jobConfig(url, "[11174106]", "[22005]"), job, "job_id"),
	})
}

func TestAccCertificateResource_identity(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "identity.example.com")
	steps := identitySteps(certificateConfig(srv.URL, writeOnlyKey), "alicas_certificate.web", "cert_id")
	for i := range steps {
		steps[i].ConfigVariables = certVariables(c)
	}
	steps[2].ImportStateVerifyIgnore = []string{"private_key_wo_version"}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

func TestAccContactResource_identity(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    identitySteps(contactConfig(url, "platform-ops", "platform.ops@example.com"), contactAddress, "contact_id"),
	})
}
