package sheet

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// pack writes the XLSX package excelize produced, zipped, to w as wfm's
// canonical package, which excelize alone does not give:
//
//   - the same bytes for the same workbook: parts in name order and the
//     content types sorted, where excelize follows map order;
//   - no part left unreachable: excelize deletes a sheet but not its
//     drawing and charts, which would pile up run after run;
//   - charts and drawings numbered from 1 without gaps, as excelize names
//     a new one after the count of those present and would otherwise
//     overwrite one;
//   - with old, the workbook being updated, the workbook part's defined
//     names (renumbered to the sheets' new positions), protection and file
//     sharing as they were.
func pack(w io.Writer, zipped []byte, old *workbookPart) error {
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		return err
	}
	p := &pkg{files: map[string]*zip.File{}, content: map[string][]byte{}}
	for _, f := range zr.File {
		p.files[f.Name] = f
	}
	kept, err := p.reachable()
	if err != nil {
		return err
	}
	renamed := renumber(kept)
	for name := range kept {
		if strings.HasSuffix(name, ".rels") {
			if err := p.retarget(name, renamed); err != nil {
				return err
			}
		}
	}
	if old != nil {
		if err := p.restoreWorkbook(old); err != nil {
			return err
		}
	}
	if err := p.sortContentTypes(kept, renamed); err != nil {
		return err
	}

	names := make([]string, 0, len(kept))
	for name := range kept {
		names = append(names, name)
	}
	final := func(name string) string { return cmp.Or(renamed[name], name) }
	// [Content_Types].xml first, as readers that stream the package expect.
	first := func(name string) int {
		if name == contentTypes {
			return 0
		}
		return 1
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(first(a), first(b)), cmp.Compare(final(a), final(b)))
	})
	zw := zip.NewWriter(w)
	for _, name := range names {
		if data, ok := p.content[name]; ok {
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: final(name), Method: zip.Deflate})
			if err != nil {
				return err
			}
			if _, err := fw.Write(data); err != nil {
				return err
			}
			continue
		}
		// Unchanged parts are copied compressed, as excelize wrote them.
		f := p.files[name]
		hdr := f.FileHeader
		hdr.Name = final(name)
		fw, err := zw.CreateRaw(&hdr)
		if err != nil {
			return err
		}
		r, err := f.OpenRaw()
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, r); err != nil {
			return err
		}
	}
	return zw.Close()
}

const contentTypes = "[Content_Types].xml"

// pkg is a zipped package being rewritten: content holds the parts changed
// or read so far.
type pkg struct {
	files   map[string]*zip.File
	content map[string][]byte
}

func (p *pkg) read(name string) ([]byte, error) {
	if data, ok := p.content[name]; ok {
		return data, nil
	}
	f, ok := p.files[name]
	if !ok {
		return nil, nil
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// relsOf names the relationships part of the part name, "" being the
// package.
func relsOf(name string) string {
	if name == "" {
		return "_rels/.rels"
	}
	return path.Join(path.Dir(name), "_rels", path.Base(name)+".rels")
}

// sourceOf is the part whose relationships the part relsName holds.
func sourceOf(relsName string) string {
	if relsName == "_rels/.rels" {
		return ""
	}
	return path.Join(path.Dir(path.Dir(relsName)), strings.TrimSuffix(path.Base(relsName), ".rels"))
}

// reachable returns the parts reachable through relationships from the
// package root, with their relationship parts and the content types: by
// the package format, every other part is garbage.
func (p *pkg) reachable() (map[string]bool, error) {
	kept := map[string]bool{contentTypes: true}
	queue := []string{""}
	for len(queue) > 0 {
		source := queue[0]
		queue = queue[1:]
		relsName := relsOf(source)
		if _, ok := p.files[relsName]; !ok {
			continue
		}
		kept[relsName] = true
		data, err := p.read(relsName)
		if err != nil {
			return nil, err
		}
		rels, err := parseRels(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", relsName, err)
		}
		for _, rel := range rels.Rels {
			if rel.TargetMode == "External" {
				continue
			}
			target := resolvePart(source, rel.Target)
			if _, ok := p.files[target]; ok && !kept[target] {
				kept[target] = true
				queue = append(queue, target)
			}
		}
	}
	return kept, nil
}

// numbered are the parts excelize names after a count: xl/charts/chartN.xml
// and xl/drawings/drawingN.xml.
var numbered = regexp.MustCompile(`^(xl/charts/chart|xl/drawings/drawing)([0-9]+)\.xml$`)

// renumber maps each numbered part in kept, and its relationships part,
// to the name that numbers its kind from 1 without gaps, in the order of
// the old numbers. Parts already so named are left out.
func renumber(kept map[string]bool) map[string]string {
	type part struct {
		name string
		n    int
	}
	byKind := map[string][]part{}
	for name := range kept {
		if m := numbered.FindStringSubmatch(name); m != nil {
			n, _ := strconv.Atoi(m[2])
			byKind[m[1]] = append(byKind[m[1]], part{name, n})
		}
	}
	renamed := map[string]string{}
	for kind, parts := range byKind {
		slices.SortFunc(parts, func(a, b part) int { return cmp.Compare(a.n, b.n) })
		for i, pt := range parts {
			if pt.n == i+1 {
				continue
			}
			to := fmt.Sprintf("%s%d.xml", kind, i+1)
			renamed[pt.name] = to
			if kept[relsOf(pt.name)] {
				renamed[relsOf(pt.name)] = relsOf(to)
			}
		}
	}
	return renamed
}

// retarget points the relationships in the part relsName at the renamed
// parts. Only the file name of a target changes, so relative targets stay
// relative.
func (p *pkg) retarget(relsName string, renamed map[string]string) error {
	if len(renamed) == 0 {
		return nil
	}
	data, err := p.read(relsName)
	if err != nil {
		return err
	}
	rels, err := parseRels(data)
	if err != nil {
		return fmt.Errorf("%s: %w", relsName, err)
	}
	source := sourceOf(relsName)
	changed := false
	for i, rel := range rels.Rels {
		if rel.TargetMode == "External" {
			continue
		}
		to, ok := renamed[resolvePart(source, rel.Target)]
		if !ok {
			continue
		}
		rels.Rels[i].Target = strings.TrimSuffix(rel.Target, path.Base(rel.Target)) + path.Base(to)
		changed = true
	}
	if !changed {
		return nil
	}
	out, err := xml.Marshal(rels)
	if err != nil {
		return err
	}
	p.content[relsName] = append([]byte(xml.Header), out...)
	return nil
}

// sortContentTypes keeps the content types of the parts kept, under their
// final names, sorted.
func (p *pkg) sortContentTypes(kept map[string]bool, renamed map[string]string) error {
	data, err := p.read(contentTypes)
	if err != nil {
		return err
	}
	type byExtension struct {
		Extension   string `xml:"Extension,attr"`
		ContentType string `xml:"ContentType,attr"`
	}
	var types struct {
		Defaults  []byExtension `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(data, &types); err != nil {
		return fmt.Errorf("%s: %w", contentTypes, err)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	slices.SortFunc(types.Defaults, func(x, y byExtension) int { return cmp.Compare(x.Extension, y.Extension) })
	for _, d := range types.Defaults {
		fmt.Fprintf(&b, `<Default Extension="%s" ContentType="%s"/>`, escape(d.Extension), escape(d.ContentType))
	}
	overrides := map[string]string{}
	for _, o := range types.Overrides {
		name := strings.TrimPrefix(o.PartName, "/")
		if kept[name] {
			overrides["/"+cmp.Or(renamed[name], name)] = o.ContentType
		}
	}
	parts := make([]string, 0, len(overrides))
	for name := range overrides {
		parts = append(parts, name)
	}
	slices.Sort(parts)
	for _, name := range parts {
		fmt.Fprintf(&b, `<Override PartName="%s" ContentType="%s"/>`, escape(name), escape(overrides[name]))
	}
	b.WriteString(`</Types>`)
	p.content[contentTypes] = b.Bytes()
	return nil
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// restoreWorkbook puts back into the workbook part what excelize lost of
// old: the defined names, each sheet-local one pointed at its sheet's new
// position (and dropped with its sheet), and the protection and file
// sharing elements with every attribute.
func (p *pkg) restoreWorkbook(old *workbookPart) error {
	rels, err := p.read("_rels/.rels")
	if err != nil {
		return err
	}
	root, err := parseRels(rels)
	if err != nil {
		return err
	}
	name := root.target("", relOfficeDocument, "xl/workbook.xml")
	data, err := p.read(name)
	if err != nil {
		return err
	}
	var now workbookPart
	if err := xml.Unmarshal(data, &now); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	position := map[string]int{}
	for i, s := range now.Sheets {
		position[strings.ToLower(s.Name)] = i
	}
	var names bytes.Buffer
	for _, dn := range old.DefinedNames {
		if id, ok := dn.attr("localSheetId"); ok {
			i, err := strconv.Atoi(id)
			if err != nil || i < 0 || i >= len(old.Sheets) {
				continue // points at no sheet: Excel would drop it too
			}
			at, ok := position[strings.ToLower(old.Sheets[i].Name)]
			if !ok {
				continue
			}
			dn = dn.with("localSheetId", strconv.Itoa(at))
		}
		dn.write(&names, "definedName")
	}
	if len(old.DefinedNames) > 0 {
		data = setElement(data, "definedNames", "<definedNames>"+names.String()+"</definedNames>", afterDefinedNames)
	}
	if e := old.Protection; e != nil {
		var b bytes.Buffer
		e.write(&b, "workbookProtection")
		data = setElement(data, "workbookProtection", b.String(), afterProtection)
	}
	if e := old.FileSharing; e != nil {
		var b bytes.Buffer
		e.write(&b, "fileSharing")
		data = setElement(data, "fileSharing", b.String(), afterFileSharing)
	}
	p.content[name] = data
	return nil
}

// The elements that follow one in a workbook part, in the schema's order:
// where to insert it when excelize left it out.
var (
	afterFileSharing  = []string{"workbookPr", "workbookProtection", "bookViews", "sheets"}
	afterProtection   = []string{"bookViews", "sheets"}
	afterDefinedNames = []string{"calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
		"smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"}
)

// setElement replaces the element tag in the workbook part doc, as excelize
// writes it (unprefixed, once), with xmlText, or inserts xmlText before the
// first of the elements next that is present, or before the end.
func setElement(doc []byte, tag, xmlText string, next []string) []byte {
	s := string(doc)
	if start := findTag(s, tag); start >= 0 {
		end := len(s)
		rest := s[start:]
		if i := strings.Index(rest, ">"); i > 0 && rest[i-1] == '/' {
			end = start + i + 1
		} else if j := strings.Index(rest, "</"+tag+">"); j >= 0 {
			end = start + j + len("</"+tag+">")
		}
		return []byte(s[:start] + xmlText + s[end:])
	}
	at := strings.LastIndex(s, "</workbook>")
	for _, n := range next {
		if i := findTag(s, n); i >= 0 {
			at = i
			break
		}
	}
	if at < 0 {
		return doc
	}
	return []byte(s[:at] + xmlText + s[at:])
}

// findTag returns where the start tag <tag ...> or <tag> begins in s, or -1.
func findTag(s, tag string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], "<"+tag)
		if i < 0 {
			return -1
		}
		i += from
		if j := i + 1 + len(tag); j < len(s) && strings.ContainsRune(" />\t\r\n", rune(s[j])) {
			return i
		}
		from = i + 1
	}
}

// with returns e with the attribute name set to value.
func (e element) with(name, value string) element {
	attrs := slices.Clone(e.Attrs)
	for i, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			attrs[i].Value = value
			return element{Attrs: attrs, Inner: e.Inner}
		}
	}
	return element{Attrs: append(attrs, xml.Attr{Name: xml.Name{Local: name}, Value: value}), Inner: e.Inner}
}

// write writes e as the element tag. Attributes in a namespace are left
// out: the elements kept here define none.
func (e element) write(b *bytes.Buffer, tag string) {
	b.WriteString("<" + tag)
	for _, a := range e.Attrs {
		if a.Name.Space == "" {
			fmt.Fprintf(b, ` %s="%s"`, a.Name.Local, escape(a.Value))
		}
	}
	fmt.Fprintf(b, ">%s</%s>", e.Inner, tag)
}
