package table

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// OutEncodings are the encodings CSV output can be written in: UTF-8, the
// default; GBK, which Chinese Excel opens on a double-click; and GB18030,
// its superset holding every character.
var OutEncodings = []string{"utf-8", "gbk", "gb18030"}

// CSVFormat is how a CSV file is encoded for the program that opens it.
// Excel reads a CSV file without a byte-order mark in the system's code
// page, GBK on a Chinese Windows, and garbles UTF-8 Chinese text; a UTF-8
// byte-order mark or GBK text opens as written.
type CSVFormat struct {
	Encoding string // one of OutEncodings; "" is UTF-8
	BOM      bool   // start UTF-8 text with a byte-order mark
}

// Check reports a format that cannot be written.
func (f CSVFormat) Check() error {
	switch strings.ToLower(f.Encoding) {
	case "", "utf-8", "utf8":
		return nil
	case "gbk", "gb18030":
		if f.BOM {
			return fmt.Errorf("a byte-order mark is for UTF-8, not %s", f.Encoding)
		}
		return nil
	}
	return fmt.Errorf("unknown encoding %q, want one of {%s}", f.Encoding, strings.Join(OutEncodings, "|"))
}

// encoding returns the encoding to transcode UTF-8 text into, nil for
// UTF-8 itself.
func (f CSVFormat) encoding() encoding.Encoding {
	switch strings.ToLower(f.Encoding) {
	case "gbk":
		return simplifiedchinese.GBK
	case "gb18030":
		return simplifiedchinese.GB18030
	}
	return nil
}

// Writer returns a function writing t as CSV (see WriteCSV) in format f,
// for a batch of output files. A text GBK has no code for is an *Error
// locating the cell in the file name.
func (f CSVFormat) Writer(t *Table, name string) func(io.Writer) error {
	return func(w io.Writer) error {
		if err := f.Check(); err != nil {
			return &Error{File: name, Err: err}
		}
		if f.BOM {
			if _, err := io.WriteString(w, "\ufeff"); err != nil {
				return err
			}
		}
		enc := f.encoding()
		if enc == nil {
			return t.WriteCSV(w)
		}
		tw := transform.NewWriter(w, enc.NewEncoder())
		err := t.WriteCSV(tw)
		if err == nil {
			err = tw.Close()
		}
		if err != nil {
			if located := t.unencodable(enc, name); located != nil {
				return located
			}
		}
		return err
	}
}

// unencodable locates the first cell holding a character enc has no code
// for, the header being row 1; nil if there is none.
func (t *Table) unencodable(enc encoding.Encoding, name string) error {
	e := enc.NewEncoder()
	find := func(text string) (rune, bool) {
		for _, r := range text {
			if r < utf8.RuneSelf {
				continue
			}
			if _, err := e.String(string(r)); err != nil {
				return r, true
			}
		}
		return 0, false
	}
	for r := -1; r < len(t.Rows); r++ {
		for c, col := range t.Columns {
			text := col
			if r >= 0 {
				text = t.Text(r, c)
			}
			if bad, ok := find(text); ok {
				return Errorf(name, r+2, col, "%q has no GBK code: write the file as GB18030 or UTF-8", bad)
			}
		}
	}
	return nil
}
