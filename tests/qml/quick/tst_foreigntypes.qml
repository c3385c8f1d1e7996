import QtQuick
import QtTest
import RexOrm

TestCase {
    name: "ForeignTypes"

    SignalSpy { id: saved; target: memo; signalName: "saved" }
    Connections {
        target: memo
        function onSaved() { savedTitles.push(memo.title) }
    }
    property var savedTitles: []

    function test_compiledModelsReachQml() {
        verify(memo instanceof Model);
        compare(memo.title, "");
        setup.saveMemo("from QML");
        compare(memo.title, "from QML");
        tryCompare(saved, "count", 1);
        compare(savedTitles, ["from QML"]);
        verify(memo.id > 0); // the key the database gave it
    }
}
