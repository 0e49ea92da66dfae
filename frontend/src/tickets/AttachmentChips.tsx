import { CloseButton, Group, Paper, Text } from '@mantine/core';
import type { UploadedAttachmentView } from '../api/openapi.gen';
import { en } from '../i18n/en';
import { formatBytes } from '../ui/format';

export type Uploaded = Pick<UploadedAttachmentView, 'id' | 'filename' | 'size'>;

/** The files uploaded for the reply being written, each removable, and whether more are still uploading. */
export function AttachmentChips({
  files,
  uploading,
  onRemove,
}: {
  files: Uploaded[];
  uploading: number;
  onRemove: (id: number) => void;
}) {
  if (!files.length && !uploading) return null;
  return (
    <Group gap="xs" mt="xs">
      {files.map((f) => (
        <Paper key={f.id} withBorder px={6} py={2}>
          <Group gap={4} wrap="nowrap">
            <Text size="xs">
              {f.filename} ({formatBytes(f.size)})
            </Text>
            <CloseButton
              size="xs"
              aria-label={en.composer.removeAttachment(f.filename)}
              onClick={() => onRemove(f.id)}
            />
          </Group>
        </Paper>
      ))}
      {uploading > 0 && (
        <Text size="xs" c="dimmed">
          {en.composer.uploading}
        </Text>
      )}
    </Group>
  );
}
