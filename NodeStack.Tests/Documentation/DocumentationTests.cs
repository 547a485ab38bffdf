using System.Text.RegularExpressions;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Documentation;

/// <summary>The README is a short front door whose commands match CI; docs/ holds the reference; every relative link resolves.</summary>
public partial class DocumentationTests
{
    private const int FrontDoorMaxLines = 150;
    private static readonly string Root = RequiredTool.RepositoryRoot;
    private static readonly string[] NotDocumentation = ["bin", "obj", "node_modules", ".git"];

    [Fact]
    public void The_README_stays_a_front_door_of_at_most_150_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= FrontDoorMaxLines, $"README.md has {lines} lines; move reference to a page under docs/ (at most {FrontDoorMaxLines}).");
    }

    [Fact]
    public void The_README_test_command_is_the_command_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var ciLines = File.ReadAllLines(Path.Combine(Root, ".ci", "run"));

        var documented = ReadmeTestCommand().Match(readme);
        var marker = Array.IndexOf(ciLines, "# The README's test command.");

        Assert.True(documented.Success, "README.md has no '| Run the tests | `<command>` |' row.");
        Assert.True(marker >= 0 && marker + 1 < ciLines.Length, ".ci/run has no line after '# The README's test command.'");
        Assert.Equal(documented.Groups["command"].Value, ciLines[marker + 1].Trim());
    }

    [Fact]
    public void The_docs_index_lists_every_docs_page()
    {
        var index = MarkdownDocument.Load(Path.Combine(Root, "docs", "README.md"));
        var listed = index.Links.Select(link => link.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var pages = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
            .Select(Path.GetFileName)
            .Where(name => name != "README.md");

        Assert.All(pages, page => Assert.True(listed.Contains(page!), $"docs/README.md does not list {page}."));
    }

    [Fact]
    public void Every_relative_link_in_the_documentation_reaches_an_existing_file_and_heading()
    {
        var documents = MarkdownFiles().Select(MarkdownDocument.Load).ToList();
        Assert.Contains(documents, d => d.Links.Count > 0);

        var broken = documents.SelectMany(d => d.Links.Select(link => (Document: d, Link: link, Problem: Problem(d, link))))
            .Where(x => x.Problem is not null)
            .Select(x => $"{Path.GetRelativePath(Root, x.Document.Path)}: ({x.Link}) {x.Problem}")
            .ToList();

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    private static string? Problem(MarkdownDocument from, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var file = Uri.UnescapeDataString(hash < 0 ? link : link[..hash]);
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var target = file.Length == 0 ? from.Path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from.Path)!, file));

        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return $"{Path.GetRelativePath(Root, target)} does not exist";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!target.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return "an anchor into a file that is not Markdown";
        }

        var anchors = target == from.Path ? from.Anchors : MarkdownDocument.Load(target).Anchors;
        return anchors.Contains(anchor) ? null : $"no heading with anchor #{anchor} in {Path.GetRelativePath(Root, target)}";
    }

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar).Any(NotDocumentation.Contains));

    [GeneratedRegex(@"^\| Run the tests \| `(?<command>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeTestCommand();
}
