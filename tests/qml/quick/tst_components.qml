import QtQuick
import QtQuick.Controls
import QtTest
import RexOrm

TestCase {
    id: test
    name: "Components"
    when: windowShown
    width: 800
    height: 600
    visible: true // a TestCase is invisible by default; the components are clicked on

    EntityListModel {
        id: notes
        entity: "Note"
        orderBy: [{field: "rank"}]
    }
    EntityTable { id: table; model: notes; width: 500; height: 200 }
    RecordForm { id: form; model: notes; row: 0; y: 220; width: 400; height: 300 }
    ChangeFeed { id: feed; x: 520; width: 280; height: 200 }

    function findNamed(item, name) {
        if (item.objectName === name)
            return item;
        for (var i = 0; i < item.children.length; ++i) {
            var found = findNamed(item.children[i], name);
            if (found)
                return found;
        }
        return null;
    }

    function initTestCase() {
        verify(Database.open(testDatabaseUrl), Database.error);
        tryCompare(notes, "count", 3);
    }

    function test_tableShowsEveryRow() {
        tryCompare(table.view, "count", notes.count);
        compare(table.fields, ["id", "body", "rank"]);
        tryVerify(function() { return table.view.itemAtIndex(1) !== null; });
        mouseClick(table.view.itemAtIndex(1));
        compare(table.currentRow, 1);
    }

    function test_formShowsValidationAndFeedShowsTheChange() {
        var body = findNamed(form, "field_body");
        verify(body);
        compare(body.text, notes.get(0).body);
        body.text = "much longer than twenty";
        body.textEdited(); // as typing does: the edit is buffered in the model
        form.save();
        var errors = findNamed(form, "errors_body");
        tryCompare(errors, "visible", true);
        compare(errors.text, "Keep it short");

        body.text = "edited";
        body.textEdited();
        var before = feed.count;
        form.save();
        tryVerify(function() { return notes.get(0).body === "edited"; });
        tryVerify(function() { return feed.count > before; });
        // The view makes the new delegate on its next polish.
        tryVerify(function() { return feed.itemAtIndex(0) && feed.itemAtIndex(0).op === "update"; });
        compare(findNamed(form, "errors_body").visible, false);
    }
}
