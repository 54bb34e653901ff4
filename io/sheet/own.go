package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// ErrForeign reports a file at an output path holding something wfm did not
// write - a planner's sheets, or no workbook at all - which writing a new
// workbook there would delete.
var ErrForeign = errors.New("the file holds what wfm did not write")

// A ClashError is a planner's sheet in the way of one of wfm's: named the
// same but for case, which Excel takes for the same name, or a copy of
// wfm's sheet that Excel named as wfm names a long table's continuation.
// wfm can neither add its sheet beside it nor replace it without deleting
// the planner's.
type ClashError struct {
	Sheet string // the planner's
	Wfm   string
}

func (e *ClashError) Error() string {
	if e.Sheet == e.Wfm {
		return fmt.Sprintf("the workbook's sheet %q is not one wfm wrote, but wfm writes a sheet of that name: rename it", e.Sheet)
	}
	return fmt.Sprintf("the workbook's sheet %q clashes with wfm's sheet %q (Excel ignores case in sheet names): rename it", e.Sheet, e.Wfm)
}

// ownedProperty is the custom document property in which a workbook
// records the sheets wfm wrote into it, as a JSON array of names. It
// survives the planner's edits in Excel, so wfm later knows its own sheets
// from the planner's even under names it no longer writes.
const ownedProperty = "wfm sheets"

// legacySheets are the sheets wfm wrote before workbooks recorded theirs:
// a workbook holding only these was written by wfm.
var legacySheets = []string{SummarySheet, ForecastSheet, "Requirements", RosterSheet, ShiftsSheet, CoverageSheet,
	"Accuracy", "Scenarios", "Pooling", "Erlang"}

// CheckReplace reports whether writing a new workbook to path would delete
// anything of the planner's. It returns nil when there is no file at path,
// an empty one, or a workbook each of whose sheets wfm wrote; otherwise a
// *table.Error wrapping ErrForeign that names what would be lost.
func CheckReplace(path string) error {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return &table.Error{File: path, Err: err}
	case len(data) == 0:
		return nil
	}
	pkg, err := readPackage(data)
	if err != nil {
		return &table.Error{File: path, Err: fmt.Errorf("%w: not an XLSX workbook (%v)", ErrForeign, err)}
	}
	var foreign []string
	for _, name := range pkg.sheets {
		if !slices.Contains(pkg.owned, name) && !slices.Contains(legacySheets, name) {
			foreign = append(foreign, name)
		}
	}
	if len(foreign) > 0 {
		return &table.Error{File: path, Err: fmt.Errorf("%w: sheets %s", ErrForeign, strings.Join(foreign, ", "))}
	}
	return nil
}

// owned returns the sheets f records as wfm's.
func owned(f *excelize.File) ([]string, error) {
	props, err := f.GetCustomProps()
	if err != nil {
		return nil, err
	}
	for _, p := range props {
		if s, ok := p.Value.(string); ok && p.Name == ownedProperty {
			return parseOwned(s), nil
		}
	}
	return nil, nil
}

func parseOwned(s string) []string {
	var names []string
	if json.Unmarshal([]byte(s), &names) != nil {
		return nil // not ours to read: no sheet is known to be wfm's
	}
	return names
}

// own records the sheet name as wfm's in f.
func own(f *excelize.File, name string) error {
	names, err := owned(f)
	if err != nil || slices.Contains(names, name) {
		return err
	}
	return setOwned(f, append(names, name))
}

// setOwned records names, in the workbook's order, as wfm's sheets.
func setOwned(f *excelize.File, names []string) error {
	b, err := json.Marshal(names)
	if err != nil {
		return err
	}
	return f.SetCustomProps(excelize.CustomProperty{Name: ownedProperty, Value: string(b)})
}

// pruneOwned forgets the recorded sheets f no longer holds, and lists the
// others in the workbook's order, so that the record is the same whatever
// order the sheets were written in.
func pruneOwned(f *excelize.File) error {
	names, err := owned(f)
	if err != nil || names == nil {
		return err
	}
	var kept []string
	for _, s := range f.GetSheetList() {
		if slices.Contains(names, s) {
			kept = append(kept, s)
		}
	}
	return setOwned(f, kept)
}

// checkClash returns a *ClashError when f holds a sheet named like name but
// for case.
func checkClash(f *excelize.File, name string) error {
	for _, s := range f.GetSheetList() {
		if s != name && strings.EqualFold(s, name) {
			return &ClashError{Sheet: s, Wfm: name}
		}
	}
	return nil
}

// workbookPackage is what wfm reads of a workbook's parts without loading
// its sheets.
type workbookPackage struct {
	sheets []string // in order
	owned  []string // recorded as wfm's
	// book is the workbook part, for what excelize drops when it rewrites it.
	book *workbookPart
}

// workbookPart is the workbook part's elements excelize does not keep
// whole: defined names, whose localSheetId it leaves stale when a sheet
// moves, and the protection and file-sharing elements, whose legacy
// password attributes it drops.
type workbookPart struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
	} `xml:"sheets>sheet"`
	DefinedNames []element `xml:"definedNames>definedName"`
	Protection   *element  `xml:"workbookProtection"`
	FileSharing  *element  `xml:"fileSharing"`
}

// element is an XML element kept as it is: its attributes and inner XML.
type element struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Inner string     `xml:",innerxml"`
}

func (e *element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// readPackage reads the sheet list, wfm's record and the workbook part of
// the XLSX file data.
func readPackage(data []byte) (*workbookPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no part %s", name)
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return io.ReadAll(r)
	}
	rels, err := read("_rels/.rels")
	if err != nil {
		return nil, err
	}
	root, err := parseRels(rels)
	if err != nil {
		return nil, err
	}
	book, err := read(root.target("", relOfficeDocument, "xl/workbook.xml"))
	if err != nil {
		return nil, err
	}
	pkg := &workbookPackage{book: &workbookPart{}}
	if err := xml.Unmarshal(book, pkg.book); err != nil {
		return nil, fmt.Errorf("workbook part: %w", err)
	}
	for _, s := range pkg.book.Sheets {
		pkg.sheets = append(pkg.sheets, s.Name)
	}
	if custom, err := read(root.target("", relCustomProperties, "docProps/custom.xml")); err == nil {
		var props struct {
			Property []struct {
				Name   string `xml:"name,attr"`
				Lpwstr string `xml:"lpwstr"`
			} `xml:"property"`
		}
		if xml.Unmarshal(custom, &props) == nil {
			for _, p := range props.Property {
				if p.Name == ownedProperty {
					pkg.owned = parseOwned(p.Lpwstr)
				}
			}
		}
	}
	return pkg, nil
}

// Relationship types wfm looks up.
const (
	relOfficeDocument   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relCustomProperties = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)

// relationships is a part's relationships file.
type relationships struct {
	XMLName xml.Name       `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Rels    []relationship `xml:"Relationship"`
}

type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr,omitempty"`
}

func parseRels(data []byte) (*relationships, error) {
	var r relationships
	if err := xml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("relationships: %w", err)
	}
	return &r, nil
}

// target returns the part the first relationship of type typ points to,
// from the part source ("" for the package), or fallback if none does.
func (r *relationships) target(source, typ, fallback string) string {
	for _, rel := range r.Rels {
		if rel.Type == typ && rel.TargetMode != "External" {
			return resolvePart(source, rel.Target)
		}
	}
	return fallback
}

// resolvePart turns a relationship target into a part name: absolute
// targets start at the package root, others at the source part's folder.
func resolvePart(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join(path.Dir(source), target), "/")
}
