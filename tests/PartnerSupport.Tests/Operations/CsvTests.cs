using PartnerSupport.Organizations;

namespace PartnerSupport.Tests.Operations;

/// <summary>The partner records' CSV as RFC 4180 reads it: what the import sees of each line.</summary>
public sealed class CsvTests
{
    [SkippableFact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_blank_lines_are_skipped()
    {
        var text = "a,b,c\r\n\"Contoso, Ltd.\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nshort,line\n,,\nlast,\"\",x";
        var rows = Csv.Read(new StringReader(text)).Select(r => r.ToArray()).ToList();
        Assert.Equal(
            [["a", "b", "c"], ["Contoso, Ltd.", "say \"hi\"", "two\nlines"], ["short", "line"], ["", "", ""], ["last", "", "x"]],
            rows);
    }

    [SkippableFact]
    public void A_field_with_a_quote_inside_is_read_as_written()
    {
        var rows = Csv.Read(new StringReader("5012345,O'Neil \"Bros\",mpn\n")).ToList();
        Assert.Equal(["5012345", "O'Neil \"Bros\"", "mpn"], rows.Single());
    }
}
