// A table of an EntityListModel's rows: one column per field (or the fields given), a header,
// the row count, the model's error. Selecting a row sets currentRow, which follows that row
// (by its key) when changes move it, and becomes -1 when it is gone.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: table
    required property var model       // an EntityListModel
    property var fields: model.fields // the columns shown, in order
    property int columnWidth: 140
    property int currentRow: -1
    property string currentKey: ""
    readonly property alias view: rows
    padding: 0

    function select(row) {
        currentRow = row;
        currentKey = model.keyAt(row);
    }
    function follow() {
        if (currentKey !== "")
            currentRow = model.rowOf(currentKey);
    }
    Connections {
        target: table.model
        function onRowsMoved() { table.follow() }
        function onRowsInserted() { table.follow() }
        function onRowsRemoved() { table.follow() }
        function onModelReset() { table.currentKey = ""; table.currentRow = -1 }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Row {
            Layout.fillWidth: true
            Repeater {
                model: table.fields
                Label {
                    required property string modelData
                    width: table.columnWidth
                    padding: 6
                    text: modelData
                    font.bold: true
                    elide: Text.ElideRight
                }
            }
        }

        ListView {
            id: rows
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: table.model
            currentIndex: table.currentRow
            delegate: ItemDelegate {
                id: rowDelegate
                required property int index
                required property var model
                width: ListView.view.width
                highlighted: index === table.currentRow
                onClicked: table.select(index)
                contentItem: Row {
                    Repeater {
                        model: table.fields
                        Label {
                            required property string modelData
                            width: table.columnWidth
                            text: {
                                const value = rowDelegate.model[modelData];
                                return value === undefined || value === null ? "" : String(value);
                            }
                            elide: Text.ElideRight
                        }
                    }
                }
            }
        }

        Label {
            Layout.fillWidth: true
            padding: 6
            text: table.model.error !== "" ? table.model.error
                                           : qsTr("%n row(s)", "", table.model.count)
            color: table.model.error !== "" ? "firebrick" : palette.text
        }
    }
}
