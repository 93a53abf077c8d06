package provider

import (
	"context"
	"fmt"
	"strconv"
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

const contactAddress = "alicas_contact.ops"

// contactConfig is an alicas_contact "ops" with these arguments.
func contactConfig(url, name, email string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "alicas_contact" "ops" {
  name     = %q
  mobile   = "13512345678"
  email    = %q
  webhooks = ["https://oapi.dingtalk.com/robot/send?access_token=ops"]
}
`, name, email)
}

// contactInCAS is the contact the state names, as ListContact shows it
// (the email plain).
func contactInCAS(t *testing.T, url string, s *terraform.State) (*cas.AccountContact, error) {
	id, err := strconv.ParseInt(s.RootModule().Resources[contactAddress].Primary.ID, 10, 64)
	if err != nil {
		return nil, err
	}
	list, err := testClient(t, url).ListContact(context.Background(), "")
	if err != nil {
		return nil, err
	}
	for i, c := range list.Contacts {
		if c.ContactID.Value() == id {
			return &list.Contacts[i], nil
		}
	}
	return nil, fmt.Errorf("contact %d is not in CAS", id)
}

// A contact's life through the CLI: created with every field; renamed, the
// update carrying every field (the emulator clears what an UpdateContact
// leaves out, so a lost email or webhook shows it); imported with the
// email and mobile left empty; destroyed.
func TestAccContactResource_lifecycle(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	var contactID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			id, _ := strconv.ParseInt(contactID, 10, 64)
			if _, err := testClient(t, url).GetContact(context.Background(), id); cas.Classify(err).Kind != cas.KindNotFound {
				return fmt.Errorf("contact %d is still in CAS after destroy (%w)", id, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           contactConfig(url, "platform-ops", "platform.ops@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactAddress, tfjsonpath.New("email"), knownvalue.StringExact("platform.ops@example.com")),
					statecheck.ExpectKnownValue(contactAddress, tfjsonpath.New("mobile"), knownvalue.StringExact("13512345678")),
					statecheck.ExpectKnownValue(contactAddress, tfjsonpath.New("email_verified"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(contactAddress, tfjsonpath.New("contact_id"), knownvalue.Int64Exact(1352570)),
				},
				Check: func(s *terraform.State) error {
					contactID = s.RootModule().Resources[contactAddress].Primary.ID
					c, err := contactInCAS(t, url, s)
					if err != nil || c.Name.Value() != "platform-ops" || c.Email.Value() != "platform.ops@example.com" || len(c.WebhookURLs()) != 1 {
						return fmt.Errorf("in CAS: %+v, %w", c, err)
					}
					return nil
				},
			},
			{
				Config: contactConfig(url, "platform-ops-team", "platform.ops@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(contactAddress, plancheck.ResourceActionUpdate)}},
				Check: func(s *terraform.State) error {
					c, err := contactInCAS(t, url, s)
					if err != nil || c.Name.Value() != "platform-ops-team" || c.Email.Value() != "platform.ops@example.com" ||
						len(c.WebhookURLs()) != 1 || string(c.WebhookURLs()[0]) != "https://oapi.dingtalk.com/robot/send?access_token=ops" {
						return fmt.Errorf("after renaming, in CAS: %+v, %w; want the email and webhook kept (every field sent)", c, err)
					}
					return nil
				},
			},
			{
				ResourceName: contactAddress, ImportState: true, ImportStateVerify: true,
				Config:                  contactConfig(url, "platform-ops-team", "platform.ops@example.com"),
				ImportStateVerifyIgnore: []string{"email", "mobile"},
			},
		},
	})
}

// An email changed in the console whose masked form no longer fits the
// configured one is seen, and the plan sets it back.
func TestAccContactResource_consoleChangeSeen(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	config := contactConfig(url, "drift", "platform.ops@example.com")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					client := testClient(t, url)
					list, err := client.ListContact(context.Background(), "drift")
					if err != nil || len(list.Contacts) != 1 {
						t.Fatalf("the contact: %+v, %v", list, err)
					}
					if err := client.UpdateContact(context.Background(), list.Contacts[0].ContactID.Value(), cas.ContactRequest{Name: "drift",
						Mobile: "13512345678", Email: "someone.else@example.org", Webhooks: []string{"https://oapi.dingtalk.com/robot/send?access_token=ops"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(contactAddress, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(contactAddress, tfjsonpath.New("email"), knownvalue.StringExact("platform.ops@example.com")),
				}},
			},
		},
	})
}

// A webhook CAS does not take fails the apply on that attribute, naming it.
func TestAccContactResource_webhookRefused(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
resource "alicas_contact" "ops" {
  name     = "slack"
  mobile   = "13512345678"
  webhooks = ["https://hooks.slack.com/services/T0/B0/X"]
}
`,
			ExpectError: errorPattern("CAS refused a webhook", "InvalidParameter.Webhooks", "hooks.slack.com", "DingTalk"),
		}},
	})
}

// A job notifies a contact made in the same configuration; destroying the
// contact while the job lists it is refused, naming the job, and the
// contact stays in state; the whole configuration destroys in order.
func TestAccContactResource_notifiedByJob(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	contact := contactConfig(url, "job-ops", "job.ops@example.com")
	withJob := contact + `
resource "alicas_deployment_job" "web" {
  name            = "notify-ops"
  certificate_ids = [11174101]
  resource_ids    = [22006]
  contact_ids     = [alicas_contact.ops.contact_id]
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: withJob,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				},
				Check: func(s *terraform.State) error {
					jobID, err := jobIDOf(s)
					if err != nil {
						return err
					}
					d, err := testClient(t, url).DescribeDeploymentJob(context.Background(), jobID)
					if err != nil {
						return err
					}
					want := s.RootModule().Resources[contactAddress].Primary.ID
					if len(d.Job.Contacts) != 1 || d.Job.Contacts[0].ID.Value() != want {
						return fmt.Errorf("job %d notifies %+v; want contact %s", jobID, d.Job.Contacts, want)
					}
					return nil
				},
			},
			{
				// The contact goes, the job stays: CAS refuses.
				Config: providerConfig(url) + `
resource "alicas_deployment_job" "web" {
  name            = "notify-ops"
  certificate_ids = [11174101]
  resource_ids    = [22006]
  contact_ids     = [1352570]
}
`,
				ExpectError: errorPattern("is notified by a deployment job", "OperationDenied.ContactInUse", "destroy that job first"),
			},
			{
				// Back to the configuration whose references order the destroy: job, then contact.
				Config:           withJob,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
