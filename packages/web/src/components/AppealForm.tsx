// SPDX-License-Identifier: Apache-2.0
// The institution's answer to a dispatched finding: accept (认可) it, or appeal (申诉) with a
// reason and supporting documents.
import { useRef, useState } from 'react'
import { UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Form, Input, Radio, Upload } from 'antd'
import type { UploadFile } from 'antd'
import { answerFinding, type FindingDetail, type NewAttachment } from '../api'
import {
  ATTACHMENT_ACCEPT,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  attachmentContentType,
  readBase64,
} from '../attachments'
import { showError, showSuccess } from '../feedback'
import { formatBytes } from '../format'
import { useT } from '../i18n'

interface AppealValues {
  action: 'appeal' | 'accept'
  reason?: string
}

interface ChosenFile {
  uid: string
  name: string
  size: number
}

/** The accept / appeal form; calls `onDone` with the updated finding. */
export function AppealForm({
  finding,
  onDone,
}: {
  finding: FindingDetail
  onDone: (finding: FindingDetail) => void
}) {
  const t = useT()
  const [form] = Form.useForm<AppealValues>()
  const action = Form.useWatch('action', form) ?? 'appeal'
  const [files, setFiles] = useState<ChosenFile[]>([])
  // The base64 contents, read as soon as a file is chosen; submit waits for any still reading.
  const contents = useRef(new Map<string, Promise<NewAttachment>>())
  const [busy, setBusy] = useState(false)

  const addFile = (file: File): boolean | string => {
    const contentType = attachmentContentType(file.name)
    if (!contentType) {
      showError(new Error(t('appeal.badType', { name: file.name })))
      return Upload.LIST_IGNORE
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      showError(new Error(t('appeal.tooLarge', { name: file.name, size: formatBytes(file.size) })))
      return Upload.LIST_IGNORE
    }
    if (contents.current.size >= MAX_ATTACHMENTS) {
      showError(new Error(t('appeal.tooMany', { max: MAX_ATTACHMENTS })))
      return Upload.LIST_IGNORE
    }
    const uid = (file as File & { uid?: string }).uid ?? `${Date.now()}-${file.name}`
    const content = readBase64(file).then((data) => ({ name: file.name, contentType, data }))
    content.catch(() => undefined) // reported when the form is submitted
    contents.current.set(uid, content)
    setFiles((list) => [...list, { uid, name: file.name, size: file.size }])
    return false
  }

  const removeFile = (file: UploadFile) => {
    contents.current.delete(file.uid)
    setFiles((list) => list.filter((f) => f.uid !== file.uid))
  }

  const submit = async (values: AppealValues) => {
    setBusy(true)
    try {
      const reason = values.reason?.trim() ?? ''
      const attachments =
        values.action === 'appeal' ? await Promise.all(contents.current.values()) : []
      const updated = await answerFinding(finding.id, {
        action: values.action,
        reason,
        ...(attachments.length > 0 ? { attachments } : {}),
      })
      showSuccess(values.action === 'appeal' ? t('appeal.appealed') : t('appeal.accepted'))
      onDone(updated)
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const fileList: UploadFile[] = files.map((f) => ({
    uid: f.uid,
    name: `${f.name}（${formatBytes(f.size)}）`,
    status: 'done',
  }))

  return (
    <Form<AppealValues>
      form={form}
      layout="vertical"
      initialValues={{ action: 'appeal' }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="action" label={t('appeal.action')}>
        <Radio.Group>
          <Radio value="appeal" data-testid="appeal-action-appeal">
            {t('appeal.actionAppeal')}
          </Radio>
          <Radio value="accept" data-testid="appeal-action-accept">
            {t('appeal.actionAccept')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      {action === 'accept' && (
        <Alert
          type="warning"
          showIcon
          message={t('appeal.acceptNote')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item
        name="reason"
        label={action === 'appeal' ? t('appeal.reason') : t('appeal.remark')}
        rules={
          action === 'appeal'
            ? [{ required: true, whitespace: true, message: t('appeal.reasonRequired') }]
            : []
        }
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder={action === 'appeal' ? t('appeal.reasonPlaceholder') : undefined}
          data-testid="appeal-reason"
        />
      </Form.Item>
      {action === 'appeal' && (
        <Form.Item label={t('appeal.attachments')} extra={t('appeal.attachmentsHint')}>
          <div data-testid="appeal-upload">
            <Upload
              multiple
              accept={ATTACHMENT_ACCEPT}
              fileList={fileList}
              beforeUpload={addFile}
              onRemove={removeFile}
            >
              <Button icon={<UploadOutlined />} disabled={files.length >= MAX_ATTACHMENTS}>
                {t('appeal.chooseFiles')}
              </Button>
            </Upload>
          </div>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="appeal-submit">
        {action === 'appeal' ? t('appeal.submitAppeal') : t('appeal.submitAccept')}
      </Button>
    </Form>
  )
}
