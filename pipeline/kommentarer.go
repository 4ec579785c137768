package pipeline

import (
	"cmp"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Field names of the comments table (kind D: commentary from people).
const (
	FieldSubject  = "gjelder"       // the goal code or indicator id commented on
	FieldGoal     = "maal_kode"     // the goal it belongs to
	FieldComment  = "kommentar"     // what is happening, and why
	FieldFollowUp = "videre_arbeid" // what is being done about it
	FieldAuthor   = "forfatter"
)

// CommentsSchema is the schema of the normalised comments table. dato is
// the first day of the month the comment is for; region is the region
// whose comment it is (null: the nation's, the analyst's).
var CommentsSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldPeriod, Type: DictString},
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldSubject, Type: DictString},
	{Name: FieldGoal, Type: DictString},
	{Name: FieldRegion, Type: DictString, Nullable: true},
	{Name: FieldComment, Type: arrow.BinaryTypes.String},
	{Name: FieldFollowUp, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldAuthor, Type: DictString, Nullable: true},
}, provenanceFields...), nil)

// Comments is the input kind of commentary: a person's words on a goal or
// an indicator for a month — what lies behind the numbers, and what is
// being done.
var Comments = &Kind{
	Name:   "kommentarer",
	Schema: CommentsSchema,
	Entity: FieldSubject,
	Template: Template{Sheet: "Kommentarer", Title: "Kommentarer til mål og indikatorer",
		Intro: "Én rad per kommentar: hva som ligger bak tallene for et mål eller en indikator denne måneden, og hva som gjøres videre. Den siste kommentaren for perioden vises under målet eller indikatoren i rapporten, én for landet og én for hver region som har skrevet."},
	Columns: []Column{
		{Key: FieldPeriod, Header: "Periode", Aliases: []string{"Måned", "Period", "Month"}, Required: true,
			Help: "Måneden kommentaren gjelder, f.eks. 2026-10."},
		{Key: FieldSubject, Header: "Mål eller indikator", Aliases: []string{"Mål/indikator", "Gjelder", "Indikator", "Mål", "Goal or indicator", "Indicator", "Goal"}, Required: true,
			Help: "Målets kode (f.eks. 1.3 eller BTV.1) eller indikatorens id (f.eks. initiativ-prosjekter), fra listen."},
		{Key: FieldComment, Header: "Kommentar", Aliases: []string{"Kommentarer", "Vurdering", "Comment"}, Required: true,
			Help: "Hva som ligger bak tallene: hvorfor det går som det går."},
		{Key: FieldFollowUp, Header: "Videre arbeid", Aliases: []string{"Videre arbeid/tiltak", "Tiltak videre", "Oppfølging", "Next steps", "Follow-up"},
			Help: "Hva som gjøres videre (valgfritt)."},
		{Key: FieldAuthor, Header: "Forfatter", Aliases: []string{"Skrevet av", "Navn", "Author"},
			Help: "Hvem som skrev kommentaren (valgfritt)."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"},
			Help: "Regionen som skriver (f.eks. BTV); tom for en kommentar for hele landet (valgfritt)."},
	},
}

// Comment is one comment, as the report shows it.
type Comment struct {
	Period   Month  `json:"period"`
	Subject  string `json:"subject"` // goal code or indicator id
	Goal     string `json:"goal"`
	Region   string `json:"region,omitempty"` // the region whose comment it is; "" for the nation's
	Text     string `json:"comment"`
	FollowUp string `json:"follow_up,omitempty"`
	Author   string `json:"author,omitempty"`
	File     string `json:"file"`
	Row      int    `json:"row"`
}

// CommentsUpTo reads the comments table for the months up to period,
// newest first; of one month, the later file and row first (a later
// comment stands over an earlier one).
func CommentsUpTo(rec arrow.RecordBatch, period Month) []Comment {
	if rec == nil {
		return nil
	}
	month, subject, goal, file := StringColumn(rec, FieldPeriod), StringColumn(rec, FieldSubject), StringColumn(rec, FieldGoal), StringColumn(rec, FieldSourceFile)
	text, follow, author := StringColumn(rec, FieldComment), StringColumn(rec, FieldFollowUp), StringColumn(rec, FieldAuthor)
	region := StringColumn(rec, FieldRegion)
	rows := rec.Column(rec.Schema().FieldIndices(FieldSourceRow)[0]).(*array.Int32)
	var out []Comment
	for i := 0; i < int(rec.NumRows()); i++ {
		m, err := ParseMonth(month(i))
		if err != nil || m > period {
			continue
		}
		out = append(out, Comment{Period: m, Subject: subject(i), Goal: goal(i), Region: region(i), Text: text(i), FollowUp: follow(i),
			Author: author(i), File: file(i), Row: int(rows.Value(i))})
	}
	slices.SortStableFunc(out, func(a, b Comment) int {
		return cmp.Or(cmp.Compare(b.Period, a.Period), cmp.Compare(b.File, a.File), cmp.Compare(b.Row, a.Row))
	})
	return out
}
