package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Contacts as code: CreateContact, GetContact, UpdateContact, DeleteContact
// (reference §8), beside ListContact. The account keeps what was sent;
// the answers mask as the reference's examples do (ASSUMPTIONS.md).

// firstContactID is the first ID CreateContact hands out.
const firstContactID = 1352570

// webhookKinds are the chatbot URLs a contact may carry: DingTalk, WeCom
// and Lark (Feishu), the kinds the SDK names.
var webhookKinds = []string{
	"https://oapi.dingtalk.com/robot/send?access_token=",
	"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
	"https://open.feishu.cn/open-apis/bot/v2/hook/",
	"https://open.larksuite.com/open-apis/bot/v2/hook/",
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

// record is the contact as ListContact lists it (email plain, mobile
// masked, as the reference's example) or, masked, as GetContact answers it.
func (ct *contact) record(masked bool) contactRecord {
	hooks := append([]string{}, ct.webhooks...)
	hooksJSON, _ := json.Marshal(hooks)
	email := ct.email
	if masked {
		email = maskEmail(email)
	}
	return contactRecord{ct.id, ct.name, email, flag(ct.emailVerified), maskMobile(ct.mobile), flag(ct.mobileVerified), string(hooksJSON), hooks}
}

// maskMobile keeps the first three and last four digits: 139****8888.
func maskMobile(m string) string {
	if len(m) <= 7 {
		return strings.Repeat("*", len(m))
	}
	return m[:3] + strings.Repeat("*", len(m)-7) + m[len(m)-4:]
}

// maskEmail keeps the first three characters and the last of the local
// part, and the domain: tes****1@example.com.
func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || e == "" {
		return e
	}
	if len(local) <= 4 {
		return local[:1] + "****@" + domain
	}
	return local[:3] + "****" + local[len(local)-1:] + "@" + domain
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
		records = append(records, ct.record(false))
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

// contactFields reads what CreateContact and UpdateContact carry: Name and
// Mobile mandatory, Email and Webhooks optional (absent: none).
func (c *call) contactFields() (*contact, error) {
	name, err := c.required("Name")
	if err != nil {
		return nil, err
	}
	mobile, err := c.required("Mobile")
	if err != nil {
		return nil, err
	}
	ct := &contact{name: name, mobile: mobile, email: c.params.Get("Email")}
	if ct.email != "" && !strings.Contains(ct.email, "@") {
		return nil, badFormat("Email", fmt.Sprintf("%q is not an email address", ct.email))
	}
	if v := c.params.Get("Webhooks"); v != "" {
		if err := json.Unmarshal([]byte(v), &ct.webhooks); err != nil {
			return nil, badFormat("Webhooks", `want a JSON array of URLs in a string, such as ["https://oapi.dingtalk.com/robot/send?access_token=..."]`)
		}
	}
	for _, hook := range ct.webhooks {
		if !knownWebhook(hook) {
			return nil, refWebhookKind.with(hook)
		}
	}
	return ct, nil
}

func knownWebhook(url string) bool {
	for _, prefix := range webhookKinds {
		if strings.HasPrefix(url, prefix) && len(url) > len(prefix) {
			return true
		}
	}
	return false
}

// contactNamed is the contact with this name other than except, or nil.
func (a *account) contactNamed(name string, except int64) *contact {
	for _, id := range sortedKeys(a.contacts) {
		if ct := a.contacts[id]; ct.name == name && id != except {
			return ct
		}
	}
	return nil
}

func (s *Server) createContact(c *call) (any, error) {
	ct, err := c.contactFields()
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	if other := a.contactNamed(ct.name, 0); other != nil {
		return nil, refContactNameTaken.with(ct.name, other.id)
	}
	ct.id = a.nextContactID
	a.nextContactID++
	a.contacts[ct.id] = ct
	return struct {
		ContactID int64  `json:"ContactId"`
		RequestID string `json:"RequestId"`
	}{ct.id, c.requestID}, nil
}

// getContact answers one contact, its email and mobile masked.
func (s *Server) getContact(c *call) (any, error) {
	id, err := c.positiveInt64("ContactId")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	ct := s.account.contacts[id]
	if ct == nil {
		return nil, refContactNotFound.with(id)
	}
	return struct {
		contactRecord
		RequestID string `json:"RequestId"`
	}{ct.record(true), c.requestID}, nil
}

// updateContact replaces every field of a contact: what the request leaves
// out (Email, Webhooks) is cleared. A changed email or mobile is no
// longer verified.
func (s *Server) updateContact(c *call) (any, error) {
	id, err := c.positiveInt64("ContactId")
	if err != nil {
		return nil, err
	}
	ct, err := c.contactFields()
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	old := a.contacts[id]
	if old == nil {
		return nil, refContactNotFound.with(id)
	}
	if other := a.contactNamed(ct.name, id); other != nil {
		return nil, refContactNameTaken.with(ct.name, other.id)
	}
	ct.id = id
	ct.emailVerified = old.emailVerified && old.email == ct.email
	ct.mobileVerified = old.mobileVerified && old.mobile == ct.mobile
	a.contacts[id] = ct
	return struct {
		ContactID int64  `json:"ContactId"`
		RequestID string `json:"RequestId"`
	}{id, c.requestID}, nil
}

// deleteContact refuses a contact a job of the account (not deleted) notifies.
func (s *Server) deleteContact(c *call) (any, error) {
	id, err := c.positiveInt64("ContactId")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	if a.contacts[id] == nil {
		return nil, refContactNotFound.with(id)
	}
	for _, jid := range sortedKeys(a.jobs) {
		if j := a.jobs[jid]; !j.deleted && slices.Contains(j.contactIDs, id) {
			return nil, refContactInUse.with(id, jid)
		}
	}
	delete(a.contacts, id)
	return requestOnly{c.requestID}, nil
}
