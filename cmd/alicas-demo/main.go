// Command alicas-demo is what `make demo` needs beside terraform: a renewed
// certificate made locally (no certificate authority can be reached from a
// demo), and tables that stay aligned whatever the script of their text.
//
//	alicas-demo cert -dir DIR -days 397 shop.example.com '*.shop.example.com'
//	    writes DIR/renewed.crt and DIR/renewed.key (a throwaway CA signs it)
//	terraform output -json rows | alicas-demo table -sort 4
//	    prints [[header...], [cell...], ...] aligned, rows sorted by column 4
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/width"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: alicas-demo cert|table ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "cert":
		err = certCommand(os.Args[2:])
	case "table":
		err = tableCommand(os.Args[2:], os.Stdin, os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q: want cert or table", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "alicas-demo:", err)
		os.Exit(1)
	}
}

// certCommand makes a certificate for the names given, valid from now for
// -days days, signed by a CA made for the occasion and then forgotten.
func certCommand(args []string) error {
	flags := flag.NewFlagSet("cert", flag.ContinueOnError)
	dir := flags.String("dir", ".", "where to write renewed.crt and renewed.key")
	days := flags.Int("days", 397, "validity in days")
	if err := flags.Parse(args); err != nil {
		return err
	}
	names := flags.Args()
	if len(names) == 0 {
		return errors.New("cert: give the names to cover, the common name first")
	}
	now := time.Now().Truncate(time.Second)
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "alicas demo CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(0, 0, *days+1),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, _ = x509.ParseCertificate(caDER) // just made
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(now.Unix()), Subject: pkix.Name{CommonName: names[0]},
		DNSNames: names, NotBefore: now.Add(-time.Minute), NotAfter: now.AddDate(0, 0, *days),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	if err := os.WriteFile(filepath.Join(*dir, "renewed.crt"), chain, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(*dir, "renewed.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
}

// tableCommand reads rows as JSON, the first the header, and prints them in
// columns two spaces apart, the rest sorted by column -sort (1-based; 0
// keeps their order), then by the whole row.
func tableCommand(args []string, in io.Reader, out io.Writer) error {
	flags := flag.NewFlagSet("table", flag.ContinueOnError)
	sortBy := flags.Int("sort", 0, "column to sort the rows by (1 is the first)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var rows [][]string
	if err := json.NewDecoder(in).Decode(&rows); err != nil {
		return fmt.Errorf("table: want JSON rows of strings: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	body := rows[1:]
	if *sortBy > 0 {
		slices.SortStableFunc(body, func(a, b []string) int {
			if c := strings.Compare(cell(a, *sortBy-1), cell(b, *sortBy-1)); c != 0 {
				return c
			}
			return slices.Compare(a, b)
		})
	}
	widths := map[int]int{}
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		if _, err := fmt.Fprintln(out, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// displayWidth is how many terminal columns s takes: two for East Asian
// wide and full-width characters (汉字, full-width forms), one otherwise.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
