import QtQuick
import QtTest
import RexOrm

TestCase {
    id: test
    name: "EntityListModel"

    EntityListModel {
        id: notes
        entity: "notes"
        orderBy: [{field: "rank"}]
    }
    SignalSpy { id: refreshed; target: notes; signalName: "refreshed" }
    SignalSpy { id: failed; target: notes; signalName: "saveFailed" }
    SignalSpy { id: saved; target: notes; signalName: "saved" }

    function bodies() {
        var out = [];
        for (var i = 0; i < notes.count; ++i)
            out.push(notes.get(i).body);
        return out;
    }

    function initTestCase() {
        verify(Database.open(testDatabaseUrl), Database.error);
        verify(Database.entities.indexOf("Note") >= 0);
        tryCompare(notes, "count", 3);
    }

    function test_rowsInOrder() {
        compare(notes.fields, ["id", "body", "rank"]);
        compare(bodies(), ["note 1", "note 2", "note 3"]);
        compare(notes.error, "");
    }

    function test_whereInTheFilterLanguage() {
        notes.where = {rank: {gte: 2}};
        tryVerify(function() { return notes.count === 2 && !notes.loading; });
        compare(bodies(), ["note 2", "note 3"]);
        notes.where = {};
        tryCompare(notes, "count", 3);
    }

    function init() {
        failed.clear();
        saved.clear();
    }

    function test_validationErrorsReachQml() {
        verify(notes.setProperty(0, "body", "far too long for a note"));
        notes.save(0);
        tryCompare(failed, "count", 1);
        compare(failed.signalArguments[0][2].body, ["Keep it short"]);
        verify(notes.setProperty(0, "body", "short"));
        notes.save(0);
        tryCompare(saved, "count", 1);
        tryVerify(function() { return bodies()[0] === "short"; });
    }

    function test_appendAndRemoveStayLive() {
        notes.append({body: "first", rank: 0});
        tryVerify(function() { return bodies()[0] === "first"; });
        compare(notes.count, 4);
        notes.remove(0);
        tryCompare(notes, "count", 3);
    }

    function test_unknownEntity() {
        var broken = Qt.createQmlObject('import RexOrm; EntityListModel { entity: "nothing" }', test);
        tryVerify(function() { return broken.error.indexOf('No entity "nothing"') === 0; });
        broken.destroy();
    }
}
