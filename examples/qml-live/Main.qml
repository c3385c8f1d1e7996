import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import RexOrm

ApplicationWindow {
    id: window
    width: 1000
    height: 640
    visible: !smoke
    title: qsTr("RexOrm live: %1 on %2").arg(startEntity).arg(Database.url)

    EntityListModel {
        id: rows
        entity: startEntity
        onRefreshed: {
            if (!smoke)
                return;
            if (error !== "") {
                console.error("qml-live:", error);
                Qt.exit(1);
            } else {
                console.log("qml-live:", count, entity, "rows");
                Qt.exit(0);
            }
        }
    }

    Component.onCompleted: {
        if (!Database.open(startUrl)) {
            console.error("qml-live:", Database.error);
            Qt.exit(1);
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label { text: qsTr("Filter (%1 contains)").arg(rows.fields[1] || ""); leftPadding: 8 }
            TextField {
                Layout.fillWidth: true
                placeholderText: qsTr("text")
                onTextChanged: rows.where = text === "" ? {}
                    : ({[rows.fields[1]]: {ilike: "%" + text + "%"}})
            }
            Label { text: Database.isRemote ? qsTr("server") : qsTr("database"); rightPadding: 8 }
        }
    }

    SplitView {
        anchors.fill: parent
        EntityTable {
            id: table
            model: rows
            SplitView.fillWidth: true
        }
        ColumnLayout {
            SplitView.preferredWidth: 340
            RecordForm {
                model: rows
                row: table.currentRow
                readOnlyFields: ["id"]
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
            Label { text: qsTr("Changes"); font.bold: true; leftPadding: 8 }
            ChangeFeed {
                Layout.fillWidth: true
                Layout.preferredHeight: 180
            }
        }
    }
}
