package cas

import "context"

// AccountContact is a contact of the account, as ListContact lists it; its
// ID is what CreateDeploymentJob's ContactIDs take. (Contact is a job's
// contact, as DescribeDeploymentJob shows it.) Email and Mobile come masked.
type AccountContact struct {
	ContactID    *Int64   `json:"ContactId"`
	Name         *String  `json:"Name"`
	Email        *String  `json:"Email"`
	EmailStatus  *Int64   `json:"EmailStatus"` // 1: verified
	Mobile       *String  `json:"Mobile"`
	MobileStatus *Int64   `json:"MobileStatus"`
	Webhooks     *String  `json:"Webhooks"`    // a JSON array in a string
	WebhookList  []String `json:"WebhookList"` // nil when absent
}

// ListContactResponse is every contact ListContact lists.
type ListContactResponse struct {
	Contacts []AccountContact // in the API's order, each once, never nil
	Pages    int
}

// ListContact returns every contact whose name, email or mobile contains
// keyword ("" for all), walking the pages.
func (c *Client) ListContact(ctx context.Context, keyword string) (*ListContactResponse, error) {
	contacts, pages, err := listAll(ctx, c, listing[AccountContact]{action: "ListContact", items: "ContactList", idName: "ContactId",
		query: map[string]string{"Keyword": keyword}, id: func(ct AccountContact) *Int64 { return ct.ContactID }})
	if err != nil {
		return nil, err
	}
	return &ListContactResponse{Contacts: contacts, Pages: pages}, nil
}
