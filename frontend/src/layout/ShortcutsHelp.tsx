import { Kbd, Modal, Table } from '@mantine/core';
import { en } from '../i18n/en';

/** The keyboard shortcuts (opened with ?). */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={en.shortcuts.title}>
      <Table>
        <Table.Tbody>
          {en.shortcuts.list.map(([key, what]) => (
            <Table.Tr key={key}>
              <Table.Td>
                <Kbd>{key}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
