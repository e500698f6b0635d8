// SPDX-License-Identifier: Apache-2.0
// A CSV file chosen in the browser and read as text, to be sent with an import; the button shows
// the chosen file's name.
import { UploadOutlined } from '@ant-design/icons'
import { Button, Upload } from 'antd'

/** A file read in the browser: its name and its text. */
export interface ChosenFile {
  name: string
  text: string
}

/** The upload button of an import form; `onChange` receives the file read as text. */
export function CsvFilePicker({
  file,
  label,
  testId,
  onChange,
}: {
  file: ChosenFile | null
  label: string
  testId: string
  onChange: (file: ChosenFile) => void
}) {
  return (
    <span data-testid={testId}>
      <Upload
        accept=".csv,.txt"
        showUploadList={false}
        beforeUpload={(chosen) => {
          void chosen.text().then((content) => onChange({ name: chosen.name, text: content }))
          return false
        }}
      >
        <Button icon={<UploadOutlined />}>{file?.name ?? label}</Button>
      </Upload>
    </span>
  )
}
