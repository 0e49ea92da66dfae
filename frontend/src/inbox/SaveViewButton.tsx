import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ViewFilters } from '../api/types';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { savedViewsQuery, useCreateView, useDeleteView } from './saved-views.api';
import { viewHref } from './views';

/** Saves the current filters as a named view (own or shared); on a saved view, also deletes it. */
export function SaveViewButton({ filters, savedViewId }: { filters: ViewFilters; savedViewId: string | null }) {
  const [open, modal] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const navigate = useNavigate();
  const save = useCreateView();
  const remove = useDeleteView();
  const [confirmation, confirm] = useConfirm();
  const views = useQuery({ ...savedViewsQuery, retry: false });
  const saved = views.data?.find((v) => String(v.id) === savedViewId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { name, filters, shared },
      {
        onSuccess: (view) => {
          modal.close();
          setName('');
          navigate(`${viewHref(view.filters)}&view=${view.id}`);
        },
      },
    );
  };
  return (
    <Group gap="xs">
      {saved && (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          onClick={() =>
            confirm({
              ...en.saveView.confirmDelete(saved.name, saved.shared),
              run: () => remove.mutate(saved.id, { onSuccess: () => navigate('/') }),
            })
          }
          loading={remove.isPending}
        >
          {en.saveView.delete}
        </Button>
      )}
      <Button size="xs" variant="default" onClick={modal.open}>
        {en.saveView.button}
      </Button>
      <Modal opened={open} onClose={modal.close} title={en.saveView.title}>
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={en.saveView.name}
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Checkbox
              label={en.saveView.shared}
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
            />
            <Button type="submit" loading={save.isPending}>
              {en.saveView.save}
            </Button>
          </Stack>
        </form>
      </Modal>
      {confirmation}
    </Group>
  );
}
