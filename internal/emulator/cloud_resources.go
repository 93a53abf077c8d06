package emulator

import (
	"encoding/json"
	"slices"
	"strings"
)

// Paging defaults of ListCloudResources and ListContact, as documented.
const (
	defaultResourceShowSize = 20
	defaultContactShowSize  = 20
)

// listCloudResources serves the account's resources, filtered by CloudName,
// CloudProduct, Keyword (part of the domain or instance ID) and CertIds
// (those carrying one of the certificates; a JSON array, as the SDK sends it).
func (s *Server) listCloudResources(c *call) (any, error) {
	page, size, err := c.paging(defaultResourceShowSize)
	if err != nil {
		return nil, err
	}
	var certIDs []int64
	if v := c.params.Get("CertIds"); v != "" {
		if err := json.Unmarshal([]byte(v), &certIDs); err != nil {
			return nil, invalid("CertIds", "want a JSON array of certificate IDs such as [123,456], got "+truncate([]byte(v), 40))
		}
	}
	cloudName, product := c.params.Get("CloudName"), c.params.Get("CloudProduct")
	keyword := strings.ToLower(c.params.Get("Keyword"))
	_, unlock := s.lockAccount()
	defer unlock()
	records := []resourceRecord{}
	for _, id := range sortedKeys(s.account.resources) {
		r := s.account.resources[id]
		switch {
		case cloudName != "" && !strings.EqualFold(r.cloudName, cloudName),
			product != "" && !strings.EqualFold(r.product, product),
			keyword != "" && !strings.Contains(strings.ToLower(r.domain), keyword) && !strings.Contains(strings.ToLower(r.instanceID), keyword),
			certIDs != nil && !slices.Contains(certIDs, r.certID):
			continue
		}
		records = append(records, r.record())
	}
	return pageAnswer[resourceRecord]{page, size, len(records), pageOf(records, page, size), c.requestID}, nil
}

type contactRecord struct {
	ContactID    int64    `json:"ContactId"`
	Name         string   `json:"Name"`
	Email        string   `json:"Email"`
	EmailStatus  int      `json:"EmailStatus"`
	Mobile       string   `json:"Mobile"`
	MobileStatus int      `json:"MobileStatus"`
	Webhooks     string   `json:"Webhooks"` // a JSON array in a string
	WebhookList  []string `json:"WebhookList"`
}

// listContact serves the account's contacts, filtered by Keyword (part of
// the name, email or mobile).
func (s *Server) listContact(c *call) (any, error) {
	page, size, err := c.paging(defaultContactShowSize)
	if err != nil {
		return nil, err
	}
	keyword := c.params.Get("Keyword")
	_, unlock := s.lockAccount()
	defer unlock()
	records := []contactRecord{}
	for _, id := range sortedKeys(s.account.contacts) {
		ct := s.account.contacts[id]
		if keyword != "" && !strings.Contains(ct.name+"\x00"+ct.email+"\x00"+ct.mobile, keyword) {
			continue
		}
		hooks := append([]string{}, ct.webhooks...)
		hooksJSON, _ := json.Marshal(hooks)
		records = append(records, contactRecord{ct.id, ct.name, ct.email, flag(ct.emailVerified), ct.mobile, flag(ct.mobileVerified), string(hooksJSON), hooks})
	}
	return struct {
		ContactList []contactRecord `json:"ContactList"`
		CurrentPage int             `json:"CurrentPage"`
		ShowSize    int             `json:"ShowSize"`
		Keyword     string          `json:"Keyword,omitempty"`
		TotalCount  int             `json:"TotalCount"`
		RequestID   string          `json:"RequestId"`
	}{pageOf(records, page, size), page, size, keyword, len(records), c.requestID}, nil
}
