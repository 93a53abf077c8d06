package provider

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const contactsAddress = "data.alicas_contacts.test"

// The default account's contacts, every field, and through a keyword.
func TestAccContacts_mapping(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_contacts" "test" {}
data "alicas_contacts" "ops" {
  keyword = "ops@"
}
data "alicas_contacts" "none" {
  keyword = "nobody"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("ids"), stringsExact("3304", "3317", "3320")),
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"contact_id": knownvalue.Int64Exact(3304), "name": knownvalue.StringExact("Li Wei"),
						"email": knownvalue.StringExact("ops@example.com"), "mobile": knownvalue.StringExact("139****0000"),
						"email_verified": knownvalue.Bool(true), "mobile_verified": knownvalue.Bool(true),
						"webhooks": knownvalue.ListExact([]knownvalue.Check{}),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"contact_id": knownvalue.Int64Exact(3317), "name": knownvalue.StringExact("王芳"),
						"email": knownvalue.StringExact("security@example.com"), "mobile": knownvalue.StringExact("138****5521"),
						"email_verified": knownvalue.Bool(true), "mobile_verified": knownvalue.Bool(false),
						"webhooks": knownvalue.ListExact([]knownvalue.Check{}),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"contact_id": knownvalue.Int64Exact(3320),
						"webhooks":   stringsExact("https://open.feishu.cn/open-apis/bot/v2/hook/00000000-emulator"),
					}),
				})),
				statecheck.ExpectKnownValue("data.alicas_contacts.ops", tfjsonpath.New("ids"), stringsExact("3304")),
				statecheck.ExpectKnownValue("data.alicas_contacts.none", tfjsonpath.New("ids"), stringsExact()),
				statecheck.ExpectKnownValue("data.alicas_contacts.none", tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// syntheticContact is the i-th of many contacts; the 3rd has webhooks that
// are not JSON and an odd flag, the 4th only the JSON text of its webhooks,
// the 5th nothing but its ID.
func syntheticContact(i int) string {
	switch i {
	case 3:
		return `{"ContactId": 50003, "Name": "odd", "EmailStatus": 3, "Webhooks": "https://not-a-list"}`
	case 4:
		return `{"ContactId": 50004, "Name": "text", "Webhooks": "[\"https://hook.example/a\",\"https://hook.example/b\"]"}`
	case 5:
		return `{"ContactId": 50005}`
	}
	return fmt.Sprintf(`{"ContactId": %d, "Name": "c%d", "Email": "c%d@example.com", "EmailStatus": 1, "Mobile": "139****%04d", "MobileStatus": 0, "Webhooks": "[]", "WebhookList": []}`, 50000+i, i, i, i)
}

// Every page is read (75 contacts, pages of 50); odd values are null with
// one warning; absent ones are null.
func TestAccContacts_everyPage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListContact", "ContactList", "TotalCount", 75, syntheticContact, &calls)).URL
	want := make([]string, 75)
	for i := range want {
		want[i] = strconv.Itoa(50000 + i)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_contacts" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("ids"), stringsExact(want...)),
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("contacts").AtSliceIndex(3), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("odd"), "email_verified": knownvalue.Null(), "webhooks": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("contacts").AtSliceIndex(4), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"webhooks": stringsExact("https://hook.example/a", "https://hook.example/b"),
				})),
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("contacts").AtSliceIndex(5), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"contact_id": knownvalue.Int64Exact(50005), "name": knownvalue.Null(), "email": knownvalue.Null(), "mobile": knownvalue.Null(),
					"email_verified": knownvalue.Null(), "mobile_verified": knownvalue.Null(), "webhooks": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(contactsAddress, tfjsonpath.New("contacts").AtSliceIndex(74), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"contact_id": knownvalue.Int64Exact(50074), "mobile": knownvalue.StringExact("139****0074"), "mobile_verified": knownvalue.Bool(false),
				})),
			},
		}},
	})
	calls.Store(0)
	resp := dataSourceReader(t, url, "alicas_contacts")(nil)
	if calls.Load() != 2 {
		t.Errorf("one read made %d ListContact calls, want 2", calls.Load())
	}
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "ListContact sent 2 value(s)") ||
		!strings.Contains(resp.Diagnostics[0].Detail, "- contacts[3] (ContactId 50003): EmailStatus = 3") ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- contacts[3] (ContactId 50003): Webhooks = "https://not-a-list"`) {
		t.Errorf("want one warning naming both odd values, got %v", resp.Diagnostics)
	}
}

func TestAccContacts_keywordValidation(t *testing.T) {
	argumentErrors(t, "alicas_contacts", map[string]string{`keyword = ""`: `Attribute keyword string length must be at least 1`})
}

func TestAccExample_contacts(t *testing.T) {
	t.Parallel()
	exampleRuns(t, "data-sources/alicas_contacts/data-source.tf", startEmulator(t, emulator.Options{}, "").URL,
		statecheck.ExpectKnownOutputValue("ops_contact_ids", stringsExact("3304")))
}
